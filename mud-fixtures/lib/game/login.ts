// The login and character-creation dialogue (ROM nanny), with Mud98's prompts in Mud98's order.

import { type Char, POS } from '../world/entities.ts';
import { CLASSES, nameProblem, newCharacter, RACES, WEAPONS } from './chargen.ts';
import { lookRoom } from './commands/look.ts';
import type { Game } from './game.ts';
import { GREETING } from './greeting.ts';
import { sendRoomMsdp } from './msdp-handler.ts';
import {
  capitalizeName,
  charFromFile,
  hashPassword,
  readPlayerFile,
  savePlayer,
  verifyPassword,
} from './pfile.ts';
import type { Session } from './session.ts';
import { STRAY } from './text.ts';

const MOTD =
  "* Read the rules before you play (type 'rules').  Not knowing them is no\n\r" +
  '  excuse.\n\r' +
  '* Useful commands: help, commands, score, look\n\r' +
  '* This is a test fixture: characters vanish when the server stops\n\r' +
  '  \n\r' +
  '[Hit Return to continue]\n\r';

const IMOTD = 'Welcome Immortal!\n\r  Please be careful with the fixture.\n\r [Hit Return to continue]\n\r';

const NEWBIE_HELP =
  'Ah! Another mortal, seeking adventure.  Walk north through the school to\n\r' +
  'learn the basics, practice your weapon in the practice hall, and train in\n\r' +
  "the yard.  Type 'score', 'equipment' and 'inventory' to see yourself, and\n\r" +
  "'commands' for a list of commands.\n\r";

export function greet(game: Game, s: Session): void {
  game.write(s, GREETING);
}

function prompt(game: Game, s: Session, text: string): void {
  game.write(s, text);
}

function raceList(): string {
  return `The following races are available:\n\r  ${RACES.join(' ')} \n\rWhat is your race (help for more information)? `;
}

function weaponList(): string {
  return `${WEAPONS.join(' ')} \n\r`;
}

/** Handle one input line in a login state. */
export function nanny(game: Game, s: Session, raw: string): void {
  const line = raw.trim();
  const q = game.opts.quirks;
  switch (s.state) {
    case 'get_name': {
      if (!line) {
        game.closeSession(s, 'empty-name');
        return;
      }
      if (nameProblem(line, game.world)) {
        prompt(game, s, 'Illegal name, try another.\n\rName: ');
        return;
      }
      const name = capitalizeName(line);
      s.scratch.name = name;
      const inGame = game.findPlayer(name);
      const file = inGame ? undefined : readPlayerFile(game.opts.playerDir, name);
      if (inGame || file) {
        s.scratch.isNew = false;
        s.scratch.loaded = inGame ?? (file ? charFromFile(file, game.world) : undefined);
        prompt(game, s, `${q ? STRAY + STRAY : ''}Password: `);
        game.echo(s, false);
        s.state = 'get_old_password';
        return;
      }
      s.scratch.isNew = true;
      prompt(game, s, `${q ? STRAY : ''}Did I get that right, ${name} (Y/N)? `);
      s.state = 'confirm_new_name';
      return;
    }
    case 'confirm_new_name': {
      const c = line.charAt(0).toLowerCase();
      if (c === 'y') {
        prompt(game, s, `New character.\n\rGive me a password for ${s.scratch.name}: `);
        game.echo(s, false);
        s.state = 'get_new_password';
      } else if (c === 'n') {
        prompt(game, s, 'Ok, what IS it, then? ');
        s.state = 'get_name';
      } else prompt(game, s, 'Please type Yes or No? ');
      return;
    }
    case 'get_old_password': {
      game.write(s, '\n\r');
      game.echo(s, true);
      const ch = s.scratch.loaded;
      if (!ch?.pc || !verifyPassword(line, ch.pc.pwdDigest)) {
        game.write(s, 'Wrong password.\n\r');
        game.log('login_failed', { session: s.id, name: s.scratch.name, reason: 'wrong-password' });
        game.closeSession(s, 'wrong-password');
        return;
      }
      const old = game.sessionByChar.get(ch);
      if (old) {
        prompt(game, s, 'That character is already playing.\n\rDo you wish to connect anyway (Y/N)?');
        s.state = 'break_connect';
        return;
      }
      if (game.players.includes(ch)) {
        reconnect(game, s, ch);
        return;
      }
      showMotd(game, s, ch);
      return;
    }
    case 'break_connect': {
      const c = line.charAt(0).toLowerCase();
      const ch = s.scratch.loaded as Char;
      if (c === 'y') {
        const old = game.sessionByChar.get(ch);
        if (old) {
          game.write(old, 'This character has been taken over by another connection.\n\r');
          game.closeSession(old, 'taken-over');
        }
        reconnect(game, s, ch);
      } else if (c === 'n') {
        prompt(game, s, 'Name: ');
        s.state = 'get_name';
      } else prompt(game, s, 'Please type Y or N? ');
      return;
    }
    case 'get_new_password': {
      game.write(s, '\n\r');
      if (line.length < 5) {
        prompt(game, s, 'Password must be at least five characters long.\n\rPassword: ');
        return;
      }
      s.scratch.pwd = hashPassword(line);
      prompt(game, s, 'Please retype password: ');
      s.state = 'confirm_new_password';
      return;
    }
    case 'confirm_new_password': {
      game.write(s, '\n\r');
      if (!verifyPassword(line, String(s.scratch.pwd ?? ''))) {
        prompt(game, s, "Passwords don't match.\n\rRetype password: ");
        s.state = 'get_new_password';
        return;
      }
      game.echo(s, true);
      prompt(game, s, raceList());
      s.state = 'get_new_race';
      return;
    }
    case 'get_new_race': {
      const race = RACES.find((r) => line && r.startsWith(line.toLowerCase()));
      if (line.toLowerCase().startsWith('help')) {
        prompt(game, s, `Races differ in their starting attributes.\n\r${raceList()}`);
        return;
      }
      if (!race) {
        prompt(game, s, `That is not a valid race.\n\r${raceList()}`);
        return;
      }
      (s.scratch as Record<string, unknown>).race = race;
      prompt(game, s, 'What is your sex (Male/Female/None/Either)? ');
      s.state = 'get_new_sex';
      return;
    }
    case 'get_new_sex': {
      const c = line.charAt(0).toLowerCase();
      const sex =
        c === 'm' ? 'male' : c === 'f' ? 'female' : c === 'n' ? 'none' : c === 'e' ? 'male' : undefined;
      if (!sex) {
        prompt(game, s, "That's not a sex.\n\rWhat IS your sex? ");
        return;
      }
      (s.scratch as Record<string, unknown>).sex = sex;
      prompt(game, s, `Select a class [${CLASSES.join(' ')}]: `);
      s.state = 'get_new_class';
      return;
    }
    case 'get_new_class': {
      const cls = CLASSES.find((c) => line && c.startsWith(line.toLowerCase()));
      if (!cls) {
        prompt(game, s, "That's not a class.\n\rWhat IS your class? ");
        return;
      }
      (s.scratch as Record<string, unknown>).cls = cls;
      prompt(game, s, '\n\rYou may be good, neutral, or evil.\n\rWhich alignment (G/N/E)? ');
      s.state = 'get_alignment';
      return;
    }
    case 'get_alignment': {
      const c = line.charAt(0).toLowerCase();
      const align = c === 'g' ? 750 : c === 'n' ? 0 : c === 'e' ? -750 : undefined;
      if (align === undefined) {
        prompt(game, s, "That's not a valid alignment.\n\rWhich alignment (G/N/E)? ");
        return;
      }
      (s.scratch as Record<string, unknown>).align = align;
      prompt(
        game,
        s,
        '\n\rDo you wish to customize this character?\n\r' +
          'Customization takes time, but allows a wider range of skills and abilities.\n\rCustomize (Y/N)? ',
      );
      s.state = 'default_choice';
      return;
    }
    case 'default_choice': {
      const c = line.charAt(0).toLowerCase();
      if (c !== 'y' && c !== 'n') {
        prompt(game, s, 'Please answer (Y/N)? ');
        return;
      }
      if (c === 'y')
        game.write(s, '\n\rThis fixture has no customization menu; you get the default skills.\n\r');
      prompt(
        game,
        s,
        `\n\r\n\rPlease pick a weapon from the following choices:\n\r${weaponList()}Your choice? `,
      );
      s.state = 'pick_weapon';
      return;
    }
    case 'pick_weapon': {
      const weapon = WEAPONS.find((w) => line && w.startsWith(line.toLowerCase()));
      if (!weapon) {
        prompt(game, s, `That's not a valid selection. Choices are:\n\r${weaponList()}Your choice? `);
        return;
      }
      const sc = s.scratch as Record<string, unknown>;
      const ch = newCharacter(
        game.world,
        {
          name: s.scratch.name as string,
          pwdDigest: s.scratch.pwd as string,
          race: sc.race as string,
          sex: sc.sex as string,
          cls: sc.cls as string,
          align: sc.align as number,
          weapon,
          autoexit: game.opts.autoexit,
        },
        game.opts.expPerLevel,
      );
      s.scratch.loaded = ch;
      game.write(s, '\n\r\n\r');
      showMotd(game, s, ch);
      return;
    }
    case 'read_imotd':
      game.write(s, `\n\r${MOTD}`);
      s.state = 'read_motd';
      return;
    case 'read_motd':
      enterGame(game, s, s.scratch.loaded as Char);
      return;
    default:
      return;
  }
}

function showMotd(game: Game, s: Session, ch: Char): void {
  s.scratch.loaded = ch;
  if (ch.level >= 52) {
    game.write(s, IMOTD);
    s.state = 'read_imotd';
    return;
  }
  game.write(s, MOTD);
  s.state = 'read_motd';
}

function reconnect(game: Game, s: Session, ch: Char): void {
  game.attach(s, ch);
  if (ch.pc) ch.pc.idleTicks = 0;
  game.returnFromVoid(ch);
  s.state = 'playing';
  game.write(s, 'Reconnecting. Type replay to see missed tells.\n\r');
  game.toRoom(ch.room, [ch], () => `${ch.name} has reconnected.\n\r`);
  game.log('login', { session: s.id, name: ch.name, reconnect: true, level: ch.level });
  game.counters.logins++;
}

function enterGame(game: Game, s: Session, ch: Char): void {
  const isNew = !!s.scratch.isNew;
  game.attach(s, ch);
  s.state = 'playing';
  game.write(s, `\n\rWelcome to ${game.opts.mudName}. Please do not feed the mobiles.\n\r\n\r`);
  const file = readPlayerFile(game.opts.playerDir, ch.name);
  const vnum = isNew ? game.world.roles.start : file?.player.room || game.world.roles.start;
  const room =
    game.world.roomFor(ch.name, vnum, game.rng) ??
    game.world.roomFor(ch.name, game.world.roles.start, game.rng);
  if (isNew) {
    game.write(s, `You have been equipped by Mota.\n\r\n\r${NEWBIE_HELP}\n\r`);
    savePlayer(game.opts.playerDir, ch);
  }
  ch.position = POS.standing;
  if (room) game.world.placeChar(ch, room);
  // Mud98 sends ROOM_VNUM and ROOM (when reported, e.g. by a REPORT sent during login) as the
  // character enters, before the welcome text reaches the client.
  sendRoomMsdp(game, s);
  game.toRoom(ch.room, [ch], () => `${ch.name} has entered the game.\n\r`);
  lookRoom(game, ch);
  game.write(s, 'You have no unread notes.\n\r');
  game.counters.logins++;
  game.log('login', {
    session: s.id,
    name: ch.name,
    new: isNew,
    level: ch.level,
    room: ch.room?.vnum,
    bot: ((ch.pc?.actFlags ?? 0) & 512) !== 0,
  });
}
