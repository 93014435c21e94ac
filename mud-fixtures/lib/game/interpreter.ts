// Command interpreter (ROM interpret): prefix lookup in table order, minimum position, spam check.

import { type Char, isBot, POS, type Position } from '../world/entities.ts';
import type { Direction } from '../world/types.ts';
import { doConsider, doFlee, doKill } from './commands/fight.ts';
import { oneArgument } from './commands/find.ts';
import { doFollow, doGroup } from './commands/group.ts';
import { doFlag, doGoto } from './commands/immortal.ts';
import { doDrop, doEat, doGet, doRemove, doSacrifice, doWear, doWield } from './commands/items.ts';
import {
  doAutoexit,
  doBrief,
  doColour,
  doCompact,
  doEquipment,
  doExits,
  doInventory,
  doLook,
  doPrompt,
  doScore,
  doTelnetGa,
  doWho,
} from './commands/look.ts';
import {
  doBotreset,
  doHelp,
  doQuit,
  doRest,
  doSave,
  doSay,
  doSit,
  doSleep,
  doStand,
  doWake,
} from './commands/misc.ts';
import { doMove, doOpenClose, doRecall } from './commands/move.ts';
import { doBuy, doList, doSell } from './commands/shop.ts';
import { doPractice, doTrain } from './commands/train.ts';
import type { Game } from './game.ts';

type Handler = (game: Game, ch: Char, arg: string) => void;
interface Command {
  name: string;
  minPos: Position;
  fn: Handler;
}

const move =
  (d: Direction): Handler =>
  (g, c) =>
    doMove(g, c, d);

/** Table order decides abbreviations, as in ROM ("n" is north, "k" is kill, "l" is look). */
export const COMMANDS: Command[] = [
  { name: 'north', minPos: POS.standing, fn: move('north') },
  { name: 'east', minPos: POS.standing, fn: move('east') },
  { name: 'south', minPos: POS.standing, fn: move('south') },
  { name: 'west', minPos: POS.standing, fn: move('west') },
  { name: 'up', minPos: POS.standing, fn: move('up') },
  { name: 'down', minPos: POS.standing, fn: move('down') },
  { name: 'buy', minPos: POS.resting, fn: doBuy },
  { name: 'exits', minPos: POS.resting, fn: (g, c) => doExits(g, c) },
  { name: 'get', minPos: POS.resting, fn: doGet },
  { name: 'group', minPos: POS.sleeping, fn: doGroup },
  { name: 'inventory', minPos: POS.dead, fn: (g, c) => doInventory(g, c) },
  { name: 'kill', minPos: POS.fighting, fn: doKill },
  { name: 'look', minPos: POS.resting, fn: doLook },
  { name: 'rest', minPos: POS.sleeping, fn: (g, c) => doRest(g, c) },
  { name: 'sit', minPos: POS.sleeping, fn: (g, c) => doSit(g, c) },
  { name: 'stand', minPos: POS.sleeping, fn: (g, c) => doStand(g, c) },
  { name: 'wear', minPos: POS.resting, fn: doWear },
  { name: 'wield', minPos: POS.resting, fn: doWield },
  { name: 'hit', minPos: POS.fighting, fn: doKill },
  { name: 'autoexit', minPos: POS.dead, fn: (g, c) => doAutoexit(g, c) },
  { name: 'brief', minPos: POS.dead, fn: (g, c) => doBrief(g, c) },
  { name: 'botreset', minPos: POS.dead, fn: doBotreset },
  { name: 'close', minPos: POS.resting, fn: (g, c, a) => doOpenClose(g, c, a, false) },
  { name: 'colour', minPos: POS.dead, fn: (g, c) => doColour(g, c) },
  { name: 'color', minPos: POS.dead, fn: (g, c) => doColour(g, c) },
  { name: 'commands', minPos: POS.dead, fn: (g, c) => doCommands(g, c) },
  { name: 'compact', minPos: POS.dead, fn: (g, c) => doCompact(g, c) },
  { name: 'consider', minPos: POS.resting, fn: doConsider },
  { name: 'drop', minPos: POS.resting, fn: doDrop },
  { name: 'eat', minPos: POS.resting, fn: doEat },
  { name: 'equipment', minPos: POS.dead, fn: (g, c) => doEquipment(g, c) },
  { name: 'flee', minPos: POS.fighting, fn: (g, c) => doFlee(g, c) },
  { name: 'follow', minPos: POS.resting, fn: doFollow },
  { name: 'flag', minPos: POS.dead, fn: doFlag },
  { name: 'goto', minPos: POS.dead, fn: doGoto },
  { name: 'help', minPos: POS.dead, fn: doHelp },
  { name: 'list', minPos: POS.resting, fn: (g, c) => doList(g, c) },
  { name: 'open', minPos: POS.resting, fn: (g, c, a) => doOpenClose(g, c, a, true) },
  { name: 'practice', minPos: POS.sleeping, fn: doPractice },
  { name: 'prompt', minPos: POS.dead, fn: doPrompt },
  { name: 'quit', minPos: POS.dead, fn: (g, c) => doQuit(g, c) },
  { name: 'recall', minPos: POS.fighting, fn: (g, c) => doRecall(g, c) },
  { name: '/', minPos: POS.fighting, fn: (g, c) => doRecall(g, c) },
  { name: 'remove', minPos: POS.resting, fn: doRemove },
  { name: 'replay', minPos: POS.dead, fn: (g, c) => g.send(c, 'You have no tells to replay.\n\r') },
  { name: 'sacrifice', minPos: POS.resting, fn: doSacrifice },
  { name: 'save', minPos: POS.dead, fn: (g, c) => doSave(g, c) },
  { name: 'say', minPos: POS.resting, fn: doSay },
  { name: 'score', minPos: POS.dead, fn: (g, c) => doScore(g, c) },
  { name: 'sell', minPos: POS.resting, fn: doSell },
  { name: 'sleep', minPos: POS.sleeping, fn: (g, c) => doSleep(g, c) },
  { name: 'telnetga', minPos: POS.dead, fn: (g, c) => doTelnetGa(g, c) },
  { name: 'train', minPos: POS.resting, fn: doTrain },
  { name: 'wake', minPos: POS.sleeping, fn: (g, c) => doWake(g, c) },
  { name: 'who', minPos: POS.dead, fn: (g, c) => doWho(g, c) },
];

const POSITION_REFUSAL: Partial<Record<Position, string>> = {
  [POS.dead]: 'Lie still; you are DEAD.',
  [POS.mortal]: 'You are hurt far too bad for that.',
  [POS.incap]: 'You are hurt far too bad for that.',
  [POS.stunned]: 'You are too stunned to do that.',
  [POS.sleeping]: 'In your dreams, or what?',
  [POS.resting]: 'Nah... You feel too relaxed...',
  [POS.sitting]: 'Better stand up first.',
  [POS.fighting]: 'No way!  You are still fighting!',
};

/** Spam threshold: identical consecutive commands before "input spamming!" is logged (Mud98: 25). */
export const SPAM_REPEATS = 25;

export function interpret(game: Game, ch: Char, raw: string): void {
  const line = raw.trim();
  spamCheck(game, ch, line);
  if (!line) return;
  let word: string;
  let arg: string;
  if (line.startsWith("'")) {
    word = 'say';
    arg = line.slice(1).trim();
  } else [word, arg] = oneArgument(line);
  const w = word.toLowerCase();
  const cmd = COMMANDS.find((c) => c.name.startsWith(w));
  game.log('command', { name: ch.name, cmd: cmd?.name ?? w, room: ch.room?.vnum });
  if (!cmd) {
    game.send(ch, 'Huh?\n\r');
    return;
  }
  if (ch.position < cmd.minPos) {
    game.send(ch, `${POSITION_REFUSAL[ch.position] ?? 'You cannot do that now.'}\n\r`);
    return;
  }
  cmd.fn(game, ch, arg);
}

function spamCheck(game: Game, ch: Char, line: string): void {
  const pc = ch.pc;
  if (!pc) return;
  if (line === pc.lastCommand) pc.repeatCount++;
  else {
    pc.repeatCount = 0;
    pc.lastCommand = line;
  }
  if (pc.repeatCount + 1 >= SPAM_REPEATS) {
    pc.repeatCount = 0;
    if (isBot(ch) || ch.level >= 52) return;
    game.counters.spam++;
    game.log('spam', { name: ch.name, command: line });
  }
}

function doCommands(game: Game, ch: Char): void {
  const names = COMMANDS.map((c) => c.name).filter((n) => n !== '/');
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 6)
    lines.push(
      `${names
        .slice(i, i + 6)
        .map((n) => n.padEnd(12))
        .join('')}\n\r`,
    );
  game.send(ch, lines.join(''));
}
