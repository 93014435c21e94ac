// Shopify's own toxiproxy-cli drives the netwright API unchanged (create, list, toxics incl. the `loss`
// extension, update, remove, toggle, delete, 404). Runs where a toxiproxy-cli binary exists
// ($TOXIPROXY_CLI_BIN or PATH); skipped visibly otherwise.

import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedApi, startEmbeddedApi } from '../../../src/impair/api/embedded.ts';

const cli = [
  process.env.TOXIPROXY_CLI_BIN,
  ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'toxiproxy-cli')),
].find((c) => {
  if (!c) return false;
  try {
    accessSync(c, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

describe.skipIf(!cli)(
  `toxiproxy-cli (${cli ?? 'no binary: set TOXIPROXY_CLI_BIN'}) against the netwright API`,
  () => {
    let api: EmbeddedApi;
    beforeAll(async () => {
      api = await startEmbeddedApi({ port: 0 });
    });
    afterAll(async () => {
      await api?.close();
    });

    const run = (...args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) => {
        execFile(
          cli as string,
          ['-h', api.server.url, ...args],
          { timeout: 15_000 },
          (err, stdout, stderr) => {
            resolve({
              code: err ? Number((err as { code?: number }).code ?? 1) : 0,
              out: `${stdout}${stderr}`,
            });
          },
        );
      });

    it('creates, inspects, changes and deletes proxies and toxics', async () => {
      expect(await run('create', '-l', '127.0.0.1:0', '-u', '127.0.0.1:9', 'echo')).toEqual({
        code: 0,
        out: 'Created new proxy echo\n',
      });
      expect((await run('list')).out).toMatch(/^echo\t127\.0\.0\.1:\d+\t127\.0\.0\.1:9\tenabled\t0$/m);
      expect((await run('toxic', 'add', '-t', 'latency', '-a', 'latency=50', 'echo')).out).toBe(
        "Added downstream latency toxic 'latency_downstream' on proxy 'echo'\n",
      );
      expect(
        (await run('toxic', 'add', '-t', 'loss', '-a', 'probability=0.1', '--upstream', 'echo')).code,
      ).toBe(0);
      const inspect = (await run('inspect', 'echo')).out;
      expect(inspect).toMatch(
        /loss_upstream\ttype=loss\tstream=upstream\ttoxicity=1\.00\tattributes=\[\tprobability=0\.1\t\]/,
      );
      expect(inspect).toMatch(
        /latency_downstream\ttype=latency\tstream=downstream\ttoxicity=1\.00\tattributes=\[\tjitter=0\tlatency=50\t\]/,
      );
      expect((await run('toxic', 'update', '-n', 'latency_downstream', '-a', 'jitter=5', 'echo')).code).toBe(
        0,
      );
      expect(
        (
          (await (await fetch(`${api.server.url}/proxies/echo/toxics/latency_downstream`)).json()) as {
            attributes: unknown;
          }
        ).attributes,
      ).toEqual({
        latency: 50,
        jitter: 5,
      });
      expect((await run('toxic', 'remove', '-n', 'latency_downstream', 'echo')).code).toBe(0);
      expect((await run('toggle', 'echo')).out).toBe('Proxy echo is now disabled\n');
      expect((await run('list')).out).toMatch(/^echo\t.*\tdisabled\t1$/m);
      expect((await run('delete', 'echo')).out).toBe('Deleted proxy echo\n');
      const gone = await run('inspect', 'echo');
      expect(gone.code).not.toBe(0);
      expect(gone.out).toMatch(/HTTP 404: proxy not found/);
    });
  },
);
