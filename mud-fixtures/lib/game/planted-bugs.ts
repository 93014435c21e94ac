// Planted bugs: switches that break one thing in the fixture MUD on purpose, so the report and the
// fix loop can be tried on "a MUD with a real defect" (does the report point at it? does a fix pass?).
// Off unless asked for: `bug: 'damage'` (startMudServer / mudServerOptions.options), `--bug damage`
// (CLI) or NETWRIGHT_MUD_BUG=damage in the environment of the process that starts the MUD.

export type PlantedBug = 'damage';

export const PLANTED_BUGS: Record<PlantedBug, string> = {
  damage:
    "players' blows print their usual message but take a tenth of the damage (rounded down) from NPCs: " +
    'a level-1 character never kills the school monsters (hp stays at the maximum)',
};

export const PLANTED_BUG_NAMES = Object.keys(PLANTED_BUGS) as PlantedBug[];

/** Environment variable that turns a planted bug on for every fixture MUD started from this process. */
export const PLANTED_BUG_ENV = 'NETWRIGHT_MUD_BUG';

/** Hit points a blow takes: `dam` normally; with the damage bug, a tenth of a player's blow to an NPC. */
export function dealtDamage(bug: PlantedBug | undefined, fromPlayer: boolean, toNpc: boolean, dam: number) {
  return bug === 'damage' && fromPlayer && toNpc ? Math.floor(dam / 10) : dam;
}
