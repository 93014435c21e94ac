// Information commands: look, exits, score, inventory, equipment, who, and display toggles.

import { type Char, COMM, PLR, POS } from '../../world/entities.ts';
import { DIRECTIONS, type Direction } from '../../world/types.ts';
import type { Game } from '../game.ts';
import { exitsLong, renderRoom } from '../render.ts';
import { capitalize, conditionPhrase, percent } from '../text.ts';
import { findCharInRoom, findObj } from './find.ts';

export const SLOT_LABEL: Record<string, string> = {
  light: '<used as light>     ',
  head: '<worn on head>      ',
  body: '<worn on torso>     ',
  arms: '<worn on arms>      ',
  hands: '<worn on hands>     ',
  legs: '<worn on legs>      ',
  feet: '<worn on feet>      ',
  shield: '<worn as shield>    ',
  wield: '<wielded>           ',
  hold: '<held>              ',
};
export const SLOT_ORDER = [
  'light',
  'head',
  'body',
  'arms',
  'hands',
  'legs',
  'feet',
  'shield',
  'wield',
  'hold',
];

/** `look auto`: what a character sees on arrival. */
export function lookRoom(game: Game, ch: Char): void {
  if (!ch.room) return;
  game.send(ch, renderRoom(ch, ch.room, game.colourOn(ch)));
}

export function doLook(game: Game, ch: Char, arg: string): void {
  if (ch.position <= POS.sleeping) {
    game.send(ch, "You can't see anything, you're sleeping!\n\r");
    return;
  }
  if (!arg || arg === 'auto') {
    lookRoom(game, ch);
    return;
  }
  const dir = DIRECTIONS.find((d) => d.startsWith(arg.toLowerCase())) as Direction | undefined;
  if (dir && ch.room) {
    const e = ch.room.exits.get(dir);
    if (!e) game.send(ch, 'Nothing special there.\n\r');
    else if (e.closed) game.send(ch, `The ${e.door?.keywords[0] ?? 'door'} is closed.\n\r`);
    else game.send(ch, `You see ${e.to.def.name} there.\n\r`);
    return;
  }
  const victim = findCharInRoom(ch, arg);
  if (victim) {
    const name = victim.isNpc ? victim.short : victim.name;
    if (victim !== ch)
      game.send(ch, `You see nothing special about ${victim.isNpc ? victim.short : 'them'}.\n\r`);
    game.send(ch, `${capitalize(name)} ${conditionPhrase(percent(victim.hit, victim.maxHit))}\n\r`);
    return;
  }
  const obj = findObj([...ch.inventory, ...(ch.room?.contents ?? [])], arg);
  if (obj) {
    game.send(ch, `You see nothing special about ${obj.short}.\n\r`);
    if (obj.contains.length || obj.gold) {
      game.send(ch, `${capitalize(obj.short)} holds:\n\r`);
      for (const c of obj.contains) game.send(ch, `     ${c.short}\n\r`);
      if (obj.gold) game.send(ch, `     ${obj.gold} gold coins\n\r`);
    }
    return;
  }
  game.send(ch, 'You do not see that here.\n\r');
}

export function doExits(game: Game, ch: Char): void {
  if (!ch.room) return;
  game.send(ch, exitsLong(ch.room));
}

export function doScore(game: Game, ch: Char): void {
  const pc = ch.pc;
  if (!pc) return;
  const st = pc.stats;
  const items = ch.inventory.length + ch.equipment.size;
  const weight = [...ch.inventory, ...ch.equipment.values()].reduce((w, o) => w + o.def.weight, 0);
  const posName = Object.entries(POS).find(([, v]) => v === ch.position)?.[0] ?? 'standing';
  const coins = ch.gold || ch.silver ? `${ch.gold} gold and ${ch.silver} silver coins` : 'no coins';
  const toLevel = (ch.level + 1) * game.opts.expPerLevel - ch.exp;
  const alignWord = ch.align > 350 ? 'good' : ch.align < -350 ? 'evil' : 'neutral';
  game.send(
    ch,
    `You are ${ch.name} ${pc.title}, level ${ch.level}, 17 years old (${Math.floor(pc.playedSec / 3600)} hours).\n\r` +
      `Race: ${pc.race}  Sex: ${pc.sex}  Class: ${pc.cls}\n\r` +
      `You have ${ch.hit}/${ch.maxHit} hit, ${ch.mana}/${ch.maxMana} mana, ${ch.move}/${ch.maxMove} movement.\n\r` +
      `You have ${pc.practices} practices and ${pc.trains} training sessions.\n\r` +
      `You are carrying ${items}/47 items with weight ${weight}/167 pounds.\n\r` +
      `Str: ${st.str}(${st.str})  Int: ${st.int}(${st.int})  Wis: ${st.wis}(${st.wis})  Dex: ${st.dex}(${st.dex})  Con: ${st.con}(${st.con})\n\r` +
      `You have scored ${ch.exp} exp, and have ${coins}.\n\r` +
      `You need ${toLevel} exp to level.\n\r` +
      'Wimpy set to 0 hit points.\n\r' +
      `You are ${posName}.\n\r` +
      `You are ${alignWord}.\n\r`,
  );
}

export function doInventory(game: Game, ch: Char): void {
  const lines = ['You are carrying:\n\r'];
  if (!ch.inventory.length) lines.push('     Nothing.\n\r');
  for (const o of ch.inventory) lines.push(`     ${o.short}\n\r`);
  game.send(ch, lines.join(''));
}

export function doEquipment(game: Game, ch: Char): void {
  const lines = ['You are using:\n\r'];
  for (const slot of SLOT_ORDER) {
    const o = ch.equipment.get(slot);
    if (o) lines.push(`${SLOT_LABEL[slot]}${o.short}\n\r`);
  }
  if (lines.length === 1) lines.push('Nothing.\n\r');
  game.send(ch, lines.join(''));
}

export function doWho(game: Game, ch: Char): void {
  const lines = [];
  for (const p of game.players) {
    if (!p.pc) continue;
    lines.push(
      `[${String(p.level).padStart(2)} ${p.pc.race.padEnd(5)} ${p.pc.cls.slice(0, 3)}] ${p.name} ${p.pc.title}\n\r`,
    );
  }
  lines.push(`\n\rPlayers found: ${lines.length}\n\r`);
  game.send(ch, lines.join(''));
}

function toggle(
  game: Game,
  ch: Char,
  field: 'actFlags' | 'commFlags',
  bit: number,
  on: string,
  off: string,
): void {
  const pc = ch.pc;
  if (!pc) return;
  pc[field] ^= bit;
  game.send(ch, `${(pc[field] & bit) !== 0 ? on : off}\n\r`);
}

export function doAutoexit(game: Game, ch: Char): void {
  toggle(
    game,
    ch,
    'actFlags',
    PLR.autoexit,
    'Exits will now be displayed.',
    'Exits will no longer be displayed.',
  );
}

export function doCompact(game: Game, ch: Char): void {
  toggle(game, ch, 'commFlags', COMM.compact, 'Compact mode set.', 'Compact mode removed.');
}

/** Fixture-only command (Mud98 has the flag but no command): IAC GA after every prompt. */
export function doTelnetGa(game: Game, ch: Char): void {
  toggle(
    game,
    ch,
    'commFlags',
    COMM.telnetGa,
    'Telnet GA will now be sent after prompts.',
    'Telnet GA removed.',
  );
}

export function doBrief(game: Game, ch: Char): void {
  toggle(game, ch, 'commFlags', COMM.brief, 'Short descriptions activated.', 'Full descriptions activated.');
}

export function doColour(game: Game, ch: Char): void {
  toggle(
    game,
    ch,
    'actFlags',
    PLR.colour,
    '\x1b[31mC\x1b[32mo\x1b[33ml\x1b[34mo\x1b[35mu\x1b[36mr\x1b[0m is now ON, Way Cool!',
    'Colour is now OFF, *sigh*',
  );
}

/** `prompt` toggles; `prompt all` restores the default; `prompt <fmt>` sets a custom one. */
export function doPrompt(game: Game, ch: Char, arg: string): void {
  const pc = ch.pc;
  if (!pc) return;
  if (!arg) {
    toggle(
      game,
      ch,
      'commFlags',
      COMM.prompt,
      'You will now see prompts.',
      'You will no longer see prompts.',
    );
    return;
  }
  pc.prompt = arg === 'all' ? '' : `${arg.slice(0, 50)} `;
  game.send(ch, `Prompt set to ${pc.prompt || '<%hhp %mm %vmv> '}\n\r`);
}
