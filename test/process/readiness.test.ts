import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  allocatePort,
  type ManagedProcess,
  ProcessErrorCode,
  spawnProcess,
} from '../../src/process/index.ts';
import { boundUdpPorts, procPorts, tcpAccepting, tcpReady, udpBound } from '../../src/process/port-probe.ts';
import { nodeProgram, rejectionOf } from './helpers.ts';

const started: ManagedProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});

describe('port readiness', () => {
  for (const probe of ['listen', 'connect'] as const) {
    it(`tcp (${probe} probe): resolves once the port accepts connections`, async () => {
      const port = await allocatePort({ protocol: 'tcp' });
      expect(await tcpReady('127.0.0.1', port, probe)).toBe(false);
      const proc = await spawnProcess(
        nodeProgram('tcp-server', 'listen.mjs', {
          env: { PORT: String(port) },
          readiness: { kind: 'tcp', port, probe },
        }),
      );
      started.push(proc);
      expect(await tcpAccepting('127.0.0.1', port)).toBe(true);
      // The line is printed after the bind and may reach the pipe later on a loaded machine.
      await expect.poll(() => proc.tail(), { timeout: 5_000 }).toContain('[stdout] tcp listening');
    });
  }

  it('udp: resolves once the port is bound', async () => {
    const port = await allocatePort({ protocol: 'udp' });
    expect(await udpBound('127.0.0.1', port)).toBe(false);
    const proc = await spawnProcess(
      nodeProgram('udp-server', 'listen.mjs', {
        env: { PORT: String(port), PROTO: 'udp' },
        readiness: { kind: 'udp', port },
      }),
    );
    started.push(proc);
    expect(await udpBound('127.0.0.1', port)).toBe(true);
    // Printed in the bind callback, after the port is bound: it may reach the pipe later under load.
    await expect.poll(() => proc.tail(), { timeout: 5_000 }).toContain('[stdout] udp bound');
  });

  it('reads bound UDP and listening TCP ports from /proc on Linux', async () => {
    if (process.platform !== 'linux') return;
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    expect(procPorts('tcp')?.has(port)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
    expect(procPorts('tcp')?.has(port)).toBe(false);
    expect(boundUdpPorts()).toBeInstanceOf(Set);
  });

  it('rejects with ERR_PROCESS_NOT_READY and the tail when the port never opens', async () => {
    const port = await allocatePort({ protocol: 'both' });
    const err = await rejectionOf(
      spawnProcess(
        nodeProgram('mute', 'never-ready.mjs', { readiness: { kind: 'udp', port, timeoutMs: 800 } }),
      ),
    );
    expect(err.code).toBe(ProcessErrorCode.NOT_READY);
    expect(err.message).toContain(`UDP port ${port} bound`);
    expect((err.details as { tail: string[] }).tail.length).toBeGreaterThan(0);
  });
});
