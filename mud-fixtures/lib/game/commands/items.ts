// get, drop, wear/wield/hold, remove, eat, sacrifice.

import type { Char, Obj } from '../../world/entities.ts';
import type { Game } from '../game.ts';
import { capitalize } from '../text.ts';
import { findObj, oneArgument } from './find.ts';

const WEAR_MSG: Record<string, string> = {
  light: 'You light $p and hold it.',
  head: 'You wear $p on your head.',
  body: 'You wear $p on your torso.',
  arms: 'You wear $p on your arms.',
  hands: 'You wear $p on your hands.',
  legs: 'You wear $p on your legs.',
  feet: 'You wear $p on your feet.',
  shield: 'You wear $p as a shield.',
  wield: 'You wield $p.',
  hold: 'You hold $p in your hand.',
};

function takeFrom(list: Obj[], o: Obj): void {
  const i = list.indexOf(o);
  if (i >= 0) list.splice(i, 1);
}

function takeGold(game: Game, ch: Char, o: Obj): void {
  if (!o.gold) return;
  ch.gold += o.gold;
  game.send(ch, `You get ${o.gold} gold coin${o.gold === 1 ? '' : 's'}.\n\r`);
  o.gold = 0;
}

export function doGet(game: Game, ch: Char, argument: string): void {
  const [arg1, rest] = oneArgument(argument);
  const [arg2] = oneArgument(rest.replace(/^from\s+/, ''));
  const room = ch.room;
  if (!room) return;
  if (!arg1) {
    game.send(ch, 'Get what?\n\r');
    return;
  }
  if (arg2) {
    const container = findObj([...ch.inventory, ...room.contents], arg2);
    if (!container) {
      game.send(ch, `I see no ${arg2} here.\n\r`);
      return;
    }
    const list =
      arg1 === 'all'
        ? [...container.contains]
        : ([findObj(container.contains, arg1)].filter(Boolean) as Obj[]);
    if (!list.length && !(arg1 === 'all' && container.gold)) {
      game.send(ch, `I see nothing like that in ${container.short}.\n\r`);
      return;
    }
    for (const o of list) {
      takeFrom(container.contains, o);
      ch.inventory.unshift(o);
      game.send(ch, `You get ${o.short} from ${container.short}.\n\r`);
    }
    if (arg1 === 'all') takeGold(game, ch, container);
    return;
  }
  const list =
    arg1 === 'all' ? [...room.contents] : ([findObj(room.contents, arg1)].filter(Boolean) as Obj[]);
  if (!list.length) {
    game.send(ch, arg1 === 'all' ? 'I see nothing here.\n\r' : `I see no ${arg1} here.\n\r`);
    return;
  }
  for (const o of list) {
    if (!o.def.wear.includes('take') || o.type === 'pccorpse') {
      game.send(ch, "You can't take that.\n\r");
      continue;
    }
    takeFrom(room.contents, o);
    ch.inventory.unshift(o);
    game.send(ch, `You get ${o.short}.\n\r`);
    game.toRoom(room, [ch], () => `${ch.name} gets ${o.short}.\n\r`);
  }
}

export function doDrop(game: Game, ch: Char, arg: string): void {
  const o = findObj(ch.inventory, arg);
  if (!o || !ch.room) {
    game.send(ch, 'You do not have that item.\n\r');
    return;
  }
  takeFrom(ch.inventory, o);
  ch.room.contents.unshift(o);
  game.send(ch, `You drop ${o.short}.\n\r`);
  game.toRoom(ch.room, [ch], () => `${ch.name} drops ${o.short}.\n\r`);
}

export function wearObj(game: Game, ch: Char, o: Obj, replace: boolean): boolean {
  const slot = o.def.wear.find((w) => w !== 'take');
  if (!slot) {
    game.send(ch, "You can't wear, wield, or hold that.\n\r");
    return false;
  }
  const current = ch.equipment.get(slot);
  if (current) {
    if (!replace) return false;
    removeObj(game, ch, slot);
  }
  takeFrom(ch.inventory, o);
  ch.equipment.set(slot, o);
  game.send(ch, `${(WEAR_MSG[slot] ?? 'You wear $p.').replace('$p', o.short)}\n\r`);
  game.toRoom(ch.room, [ch], () => `${ch.name} wears ${o.short}.\n\r`);
  return true;
}

function removeObj(game: Game, ch: Char, slot: string): void {
  const o = ch.equipment.get(slot);
  if (!o) return;
  ch.equipment.delete(slot);
  ch.inventory.unshift(o);
  game.send(ch, `You stop using ${o.short}.\n\r`);
}

export function doWear(game: Game, ch: Char, arg: string): void {
  if (!arg) {
    game.send(ch, 'Wear, wield, or hold what?\n\r');
    return;
  }
  if (arg === 'all') {
    for (const o of [...ch.inventory]) wearObj(game, ch, o, false);
    return;
  }
  const o = findObj(ch.inventory, arg);
  if (!o) {
    game.send(ch, 'You do not have that item.\n\r');
    return;
  }
  wearObj(game, ch, o, true);
}

export function doWield(game: Game, ch: Char, arg: string): void {
  const o = findObj(ch.inventory, arg);
  if (!o) {
    game.send(ch, 'You do not have that item.\n\r');
    return;
  }
  if (!o.def.wear.includes('wield')) {
    game.send(ch, "You can't wield that.\n\r");
    return;
  }
  wearObj(game, ch, o, true);
}

export function doRemove(game: Game, ch: Char, arg: string): void {
  for (const [slot, o] of ch.equipment) {
    if (findObj([o], arg)) {
      removeObj(game, ch, slot);
      return;
    }
  }
  game.send(ch, 'You do not have that item.\n\r');
}

export function doEat(game: Game, ch: Char, arg: string): void {
  const o = findObj(ch.inventory, arg);
  if (!o) {
    game.send(ch, 'You do not have that item.\n\r');
    return;
  }
  if (o.type !== 'food') {
    game.send(ch, "That's not edible.\n\r");
    return;
  }
  takeFrom(ch.inventory, o);
  game.send(ch, `You eat ${o.short}.\n\r`);
  game.toRoom(ch.room, [ch], () => `${ch.name} eats ${o.short}.\n\r`);
}

export function doSacrifice(game: Game, ch: Char, arg: string): void {
  const room = ch.room;
  const o = room ? findObj(room.contents, arg) : undefined;
  if (!room || !o) {
    game.send(ch, "You can't find it.\n\r");
    return;
  }
  if (o.type === 'pccorpse') {
    game.send(ch, "Mota wouldn't like that.\n\r");
    return;
  }
  takeFrom(room.contents, o);
  ch.silver += 1;
  game.send(ch, `Mota gives you one silver coin for your sacrifice.\n\r`);
  game.toRoom(room, [ch], () => `${ch.name} sacrifices ${o.short} to Mota.\n\r`);
  void capitalize;
}
