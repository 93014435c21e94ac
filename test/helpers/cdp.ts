// Headless Debian `chromium` driven over the DevTools protocol with Node's own WebSocket: enough to
// load a page, wait for what it renders, click, and take a screenshot. No browser download, no
// dependency. Every wait is bounded; close() kills the browser's whole process group.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';

export interface Page {
  /** Evaluate `expression` in the page and return its (JSON) value; undefined while it navigates. */
  evaluate<T>(expression: string): Promise<T | undefined>;
  navigate(url: string): Promise<void>;
  /** Poll `expression` every 250 ms until it is truthy; throws after `timeoutMs` with `what`. */
  waitFor<T>(expression: string, what: string, timeoutMs?: number): Promise<T>;
  /** PNG of the viewport into `file`. */
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

interface Message {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Start chromium headless with a `width` x `height` window and open a blank page. */
export async function openPage(width = 1400, height = 1000, startMs = 30_000): Promise<Page> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'nw-cdp-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-port=0',
      `--user-data-dir=${userDataDir}`,
      `--window-size=${width},${height}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    for (const [signal, waitMs] of [
      ['SIGTERM', 3000],
      ['SIGKILL', 2000],
    ] as const) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      try {
        process.kill(-(child.pid as number), signal);
      } catch {
        break;
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, waitMs))]);
    }
    rmSync(userDataDir, { recursive: true, force: true });
  };

  let stderr = '';
  const wsUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`chromium did not start: ${stderr.slice(-2000)}`)),
      startMs,
    );
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /DevTools listening on (ws:\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', () => reject(new Error(`chromium exited: ${stderr.slice(-2000)}`)));
  }).catch(async (err) => {
    await kill();
    throw err;
  });

  const ws = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', () => reject(new Error('DevTools socket failed')), { once: true });
  });
  let nextId = 0;
  const pending = new Map<number, (m: Message) => void>();
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(String(e.data)) as Message;
    if (m.id !== undefined) pending.get(m.id)?.(m);
    if (m.id !== undefined) pending.delete(m.id);
  });
  const send = (method: string, params: object = {}, sessionId?: string, timeoutMs = 30_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result ?? {});
      });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    });

  const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as {
    sessionId: string;
  };
  await send('Page.enable', {}, sessionId);

  const page: Page = {
    async evaluate<T>(expression: string) {
      const r = (await send('Runtime.evaluate', { expression, returnByValue: true }, sessionId).catch(
        () => ({}),
      )) as { result?: { value?: T } };
      return r.result?.value;
    },
    async navigate(url) {
      await send('Page.navigate', { url }, sessionId);
    },
    async waitFor<T>(expression: string, what: string, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (let i = 0; Date.now() < until && i < 100_000; i++) {
        const v = await page.evaluate<T>(expression);
        if (v) return v;
        await new Promise((r) => setTimeout(r, 250));
      }
      const text = await page.evaluate<string>('document.body?.innerText ?? ""');
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; page text:\n${text?.slice(0, 3000)}`,
      );
    },
    async screenshot(file) {
      const { data } = (await send('Page.captureScreenshot', { format: 'png' }, sessionId)) as {
        data: string;
      };
      writeFileSync(file, Buffer.from(data, 'base64'));
    },
    async close() {
      try {
        ws.close();
      } catch {
        // already closed
      }
      await kill();
    },
  };
  return page;
}
