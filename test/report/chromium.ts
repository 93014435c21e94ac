// Headless Chromium (Debian `chromium`) for report.html tests: a screenshot and the DOM after the
// page's script ran, with nothing fetched from the network.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

function chromiumArgs(userDataDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${userDataDir}`,
  ];
}

/** PNG width and height from the IHDR chunk (null when the file is not a PNG). */
export function pngSize(buf: Buffer): { width: number; height: number } | null {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(sig)) return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

export interface ChromiumPage {
  /** report.html as written. */
  file: string;
  /** The screenshot (PNG) and its size in bytes and pixels. */
  png: string;
  pngBytes: number;
  pngSize: { width: number; height: number } | null;
  /** The DOM after the page's script ran. */
  dom: string;
  /** Chromium's stderr tails (for assertion messages). */
  stderr: string;
}

/**
 * Write `html` as `<dir>/<name>.html`, screenshot it to `<dir>/<name>.png` (1280 x `height`) and dump
 * its DOM; each Chromium run bounded to 90 s.
 */
export async function loadInChromium(
  dir: string,
  name: string,
  html: string,
  height = 2000,
): Promise<ChromiumPage> {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, html);
  const png = path.join(dir, `${name}.png`);
  const shot = await execa(
    CHROMIUM,
    [
      ...chromiumArgs(path.join(dir, `${name}-ud1`)),
      `--screenshot=${png}`,
      `--window-size=1280,${height}`,
      `file://${file}`,
    ],
    { reject: false, timeout: 90_000 },
  );
  const dom = await execa(
    CHROMIUM,
    [...chromiumArgs(path.join(dir, `${name}-ud2`)), '--dump-dom', `file://${file}`],
    {
      reject: false,
      timeout: 90_000,
    },
  );
  // Chromium's profiles (a few MB each) are not kept beside the page and its screenshot.
  for (const ud of ['ud1', 'ud2']) rmSync(path.join(dir, `${name}-${ud}`), { recursive: true, force: true });
  const exists = existsSync(png);
  return {
    file,
    png,
    pngBytes: exists ? statSync(png).size : 0,
    pngSize: exists ? pngSize(readFileSync(png)) : null,
    dom: String(dom.stdout),
    stderr: `${String(shot.stderr).slice(-1000)}\n${String(dom.stderr).slice(-1000)}`,
  };
}
