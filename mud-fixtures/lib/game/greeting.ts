// The connect greeting, shaped like Mud98's: 256-colour ASCII art (our own: a shaded scroll drawn by a
// formula, one colour code per visible cell as Mud98's art has), then the ROM credits and the name
// prompt. Mud98's measured on the wire: 13 909 bytes in one packet (27 of them telnet offers), 1 055
// `ESC[38;5;Nm` codes, 40 lines. Bots must take a greeting of that size and shape in one read.

const ROWS = 33;
const COLS = 64;
const CELLS = ' .,:;-*/(#%&@';
/** Ripple level above which the sheet shows ink (tuned so the art is about Mud98's size). */
const INK = 0.57;

/** Shade 0 (empty) .. 12 (darkest ink) of one cell of the scroll; a fixed formula, no randomness. */
function shade(r: number, c: number): number {
  const y = (r - (ROWS - 1) / 2) / ((ROWS - 1) / 2); // -1 .. 1
  const x = (c - (COLS - 1) / 2) / ((COLS - 1) / 2);
  const roll = Math.abs(y) > 0.82; // the two rolled ends
  const edge = 0.78 + 0.06 * Math.sin(y * 9); // ragged sides of the sheet
  if (!roll && Math.abs(x) > edge) return 0;
  if (roll && Math.abs(x) > 0.92) return 0;
  const cylinder = roll ? 1 - Math.abs(Math.abs(y) - 0.91) / 0.09 : 0;
  const ripple = (Math.sin(c * 0.7 + r * 1.3) + Math.sin(c * 0.23 - r * 0.5)) / 4 + 0.5; // 0..1
  if (!roll && ripple < INK && Math.abs(x) < edge - 0.04) return 0; // blank parchment between the ink
  const v = roll ? 0.35 + 0.65 * cylinder : 0.1 + 0.6 * ripple * (1 - Math.abs(x) / edge);
  return Math.max(1, Math.min(CELLS.length - 1, Math.round(v * (CELLS.length - 1))));
}

/** xterm-256 colour of a shade: black for blanks, then the grey ramp 233..255. */
function colourOf(s: number): string {
  return s === 0 ? '016' : String(233 + Math.round(((s - 1) * 22) / (CELLS.length - 2)));
}

function art(): string {
  const lines: string[] = [];
  for (let r = 0; r < ROWS; r++) {
    let line = '';
    let last = '';
    for (let c = 0; c < COLS; c++) {
      const s = shade(r, c);
      const col = colourOf(s);
      // One code per visible cell (as Mud98's art), one per run of blanks.
      if (s !== 0 || col !== last) line += `\x1b[38;5;${col}m`;
      last = col;
      line += CELLS[s];
    }
    lines.push(line.replace(/(\x1b\[38;5;016m)? +$/, ''));
  }
  return lines.join('\n\r');
}

const CREDITS = [
  'THIS IS A MUD BASED ON.....',
  '                                ROM Version 2.4 beta',
  '',
  '               Original DikuMUD by Hans Staerfeldt, Katja Nyboe,',
  '               Tom Madsen, Michael Seifert, and Sebastian Hammer',
  '               Based on MERC 2.1 code by Hatchet, Furey, and Kahn',
  '               ROM 2.4 copyright (c) 1993-1998 Russ Taylor',
  'By what name do you wish to be known?',
  '',
].join('\n\r');

/** The whole greeting (built once: it is the same for every connection). The game's first write adds
 *  ROM's leading "\n\r", so on the wire it starts "\n\r ESC[38;5;016m \n\r" as Mud98's does. */
export const GREETING = `\x1b[38;5;016m\n\r${art()}\n\r\x1b[40m\x1b[37m\n\r${CREDITS}`;
