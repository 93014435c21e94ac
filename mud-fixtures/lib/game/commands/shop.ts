// Shops (ROM act_obj.c): list, buy, sell, with the keeper in the room.

import type { Char, Obj } from '../../world/entities.ts';
import type { ShopDef } from '../../world/types.ts';
import type { Game } from '../game.ts';
import { findObj } from './find.ts';

function keeper(game: Game, ch: Char): { mob: Char; shop: ShopDef } | undefined {
  for (const p of ch.room?.people ?? []) {
    const shop = p.isNpc && p.proto ? game.world.shops.get(p.proto.vnum) : undefined;
    if (shop) return { mob: p, shop };
  }
  game.send(ch, "You can't do that here.\n\r");
  return undefined;
}

function wealth(ch: Char): number {
  return ch.gold * 100 + ch.silver;
}

function pay(ch: Char, cost: number): void {
  let total = wealth(ch) - cost;
  ch.gold = Math.floor(total / 100);
  total -= ch.gold * 100;
  ch.silver = total;
}

export function doList(game: Game, ch: Char): void {
  const k = keeper(game, ch);
  if (!k) return;
  const lines = ['[Lv Price Qty] Item\n\r'];
  for (const v of k.shop.stock) {
    const def = game.world.objDefs.get(v);
    if (!def) continue;
    const price = Math.floor((def.cost * k.shop.profitBuy) / 100);
    lines.push(`[${String(def.level).padStart(2)} ${String(price).padStart(5)} -- ] ${def.short}\n\r`);
  }
  game.send(ch, lines.join(''));
}

export function doBuy(game: Game, ch: Char, arg: string): void {
  const k = keeper(game, ch);
  if (!k) return;
  if (!arg) {
    game.send(ch, 'Buy what?\n\r');
    return;
  }
  const stock = k.shop.stock.map((v) => game.world.makeObj(v));
  const o = findObj(stock, arg);
  if (!o) {
    game.send(ch, `${cap(k.mob.short)} tells you 'I don't sell that -- try 'list''.\n\r`);
    return;
  }
  const price = Math.floor((o.def.cost * k.shop.profitBuy) / 100);
  if (wealth(ch) < price) {
    game.send(ch, `${cap(k.mob.short)} tells you 'You can't afford to buy ${o.short}'.\n\r`);
    return;
  }
  pay(ch, price);
  ch.inventory.unshift(o);
  game.send(ch, `You buy ${o.short} for ${price} silver.\n\r`);
  game.toRoom(ch.room, [ch], () => `${ch.name} buys ${o.short}.\n\r`);
}

export function doSell(game: Game, ch: Char, arg: string): void {
  const k = keeper(game, ch);
  if (!k) return;
  if (!arg) {
    game.send(ch, 'Sell what?\n\r');
    return;
  }
  const o: Obj | undefined = findObj(ch.inventory, arg);
  if (!o) {
    game.send(ch, `${cap(k.mob.short)} tells you 'You don't have that item'.\n\r`);
    return;
  }
  if (!k.shop.buys.includes(o.type) || o.def.cost <= 0) {
    game.send(ch, `${cap(k.mob.short)} looks uninterested in ${o.short}.\n\r`);
    return;
  }
  const price = Math.max(1, Math.floor((o.def.cost * k.shop.profitSell) / 100));
  ch.inventory.splice(ch.inventory.indexOf(o), 1);
  const gold = Math.floor(price / 100);
  const silver = price - gold * 100;
  ch.gold += gold;
  ch.silver += silver;
  game.send(
    ch,
    `You sell ${o.short} for ${silver} silver and ${gold} gold piece${gold === 1 ? '' : 's'}.\n\r`,
  );
  game.toRoom(ch.room, [ch], () => `${ch.name} sells ${o.short}.\n\r`);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
