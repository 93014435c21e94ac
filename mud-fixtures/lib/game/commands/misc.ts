// Positions (rest/sit/sleep/wake/stand), quit, save, say, botreset, commands, help.

import { type Char, isBot, PLR, POS } from '../../world/entities.ts';
import { outfit, WEAPONS } from '../chargen.ts';
import type { Game } from '../game.ts';
import { savePlayer } from '../pfile.ts';
import { lookRoom } from './look.ts';
import { toRoom } from './move.ts';

export function doRest(game: Game, ch: Char): void {
  if (ch.position === POS.fighting) {
    game.send(ch, 'You are already fighting!\n\r');
    return;
  }
  if (ch.position === POS.resting) {
    game.send(ch, 'You are already resting.\n\r');
    return;
  }
  game.send(ch, ch.position === POS.sleeping ? 'You wake up and start resting.\n\r' : 'You rest.\n\r');
  game.toRoom(ch.room, [ch], () => `${ch.name} sits down and rests.\n\r`);
  ch.position = POS.resting;
}

export function doSit(game: Game, ch: Char): void {
  if (ch.position === POS.fighting) {
    game.send(ch, 'Maybe you should finish this fight first?\n\r');
    return;
  }
  if (ch.position === POS.sitting) {
    game.send(ch, 'You are already sitting down.\n\r');
    return;
  }
  game.send(ch, 'You sit down.\n\r');
  ch.position = POS.sitting;
}

export function doSleep(game: Game, ch: Char): void {
  if (ch.position === POS.fighting) {
    game.send(ch, 'You are already fighting!\n\r');
    return;
  }
  if (ch.position === POS.sleeping) {
    game.send(ch, 'You are already sleeping.\n\r');
    return;
  }
  game.send(ch, 'You go to sleep.\n\r');
  game.toRoom(ch.room, [ch], () => `${ch.name} goes to sleep.\n\r`);
  ch.position = POS.sleeping;
}

export function doWake(game: Game, ch: Char): void {
  if (ch.position !== POS.sleeping) {
    doStand(game, ch);
    return;
  }
  ch.position = POS.standing;
  game.send(ch, 'You wake and stand up.\n\r');
  game.toRoom(ch.room, [ch], () => `${ch.name} wakes and stands up.\n\r`);
  lookRoom(game, ch);
}

export function doStand(game: Game, ch: Char): void {
  if (ch.position === POS.sleeping) {
    doWake(game, ch);
    return;
  }
  if (ch.position === POS.standing || ch.position === POS.fighting) {
    game.send(ch, 'You are already standing.\n\r');
    return;
  }
  ch.position = POS.standing;
  game.send(ch, 'You stand up.\n\r');
  game.toRoom(ch.room, [ch], () => `${ch.name} stands up.\n\r`);
}

export function doQuit(game: Game, ch: Char): void {
  if (ch.position === POS.fighting) {
    game.send(ch, 'No way! You are fighting.\n\r');
    return;
  }
  if (ch.position < POS.stunned) {
    game.send(ch, "You're not DEAD yet.\n\r");
    return;
  }
  const s = game.sessionByChar.get(ch);
  game.toRoom(ch.room, [ch], () => `${ch.name} has left the game.\n\r`);
  game.log('quit', { name: ch.name, session: s?.id });
  game.extractPlayer(ch);
  if (s) {
    s.char = undefined;
    s.out.length = 0;
    // Mud98 (measured): the text first, then DONT/WONT for every option it offered, then close.
    s.transport.write('Alas, all good things must come to an end.\n\r');
    s.transport.quitNegotiation();
    game.closeSession(s, 'quit');
  }
}

export function doSave(game: Game, ch: Char): void {
  savePlayer(game.opts.playerDir, ch);
  game.send(ch, `Saving. Remember that ${game.opts.mudName} has automatic saving.\n\r`);
  ch.wait += 4 * game.opts.violencePulses;
}

export function doSay(game: Game, ch: Char, arg: string): void {
  if (!arg) {
    game.send(ch, 'Say what?\n\r');
    return;
  }
  game.send(ch, `You say '${arg}'\n\r`);
  game.toRoom(ch.room, [ch], () => `${ch.name} says '${arg}'\n\r`);
}

/** Mud98's bot command: `botreset hard` returns a bot to a fresh level-1 state at the start room. */
export function doBotreset(game: Game, ch: Char, arg: string): void {
  const pc = ch.pc;
  if (!pc) return;
  if (!isBot(ch)) {
    game.send(ch, 'This command is only available to bots and testers.\n\r');
    return;
  }
  if (arg !== 'hard') {
    game.send(
      ch,
      'Bot Reset Command\n\r-----------------\n\r' +
        'This command will completely reset your character to a fresh level 1 state.\n\r' +
        'All equipment, experience, skills, and stats will be reset.\n\r\n\r' +
        'Usage: botreset hard\n\r\n\r' +
        `Current Status:\n\r  Level: ${ch.level}\n\r  Experience: ${ch.exp}\n\r  Gold: ${ch.silver} silver, ${ch.gold} gold\n\r`,
    );
    return;
  }
  game.stopFighting(ch, true);
  ch.level = 1;
  ch.exp = 0;
  ch.maxHit = ch.hit = 20;
  ch.maxMana = ch.mana = 100;
  ch.maxMove = ch.move = 100;
  ch.gold = ch.silver = 0;
  ch.inventory = [];
  ch.equipment.clear();
  pc.practices = 5;
  pc.trains = 3;
  const weapon = Object.keys(pc.skills).find((k) => WEAPONS.includes(k)) ?? 'sword';
  pc.skills = { [weapon]: 40, 'hand to hand': 1, dodge: 1, parry: 1, 'second attack': 1 };
  ch.position = POS.standing;
  outfit(game.world, ch, weapon);
  game.send(ch, 'Your character has been reset.\n\r');
  const start = game.world.roomFor(ch.name, game.world.roles.start, game.rng);
  if (start) toRoom(game, ch, start);
  pc.actFlags |= PLR.bot;
}

export function doHelp(game: Game, ch: Char, arg: string): void {
  game.send(
    ch,
    arg
      ? `No help on '${arg}' in this fixture.  Try 'commands'.\n\r`
      : "Type 'commands' for the list of commands; look, score, kill, flee, recall and friends work as in ROM.\n\r",
  );
}
