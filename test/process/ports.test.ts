import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { allocatePort, portLockDir, releasePort, reservePort } from '../../src/process/index.ts';

function canListenTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function canBindUdp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

describe('allocatePort', () => {
  it('returns a usable TCP, UDP or dual port and reserves it with an owner file', async () => {
    const tcp = await allocatePort();
    const udp = await allocatePort({ protocol: 'udp' });
    const both = await allocatePort({ protocol: 'both' });
    expect(await canListenTcp(tcp)).toBe(true);
    expect(await canBindUdp(udp)).toBe(true);
    expect(await canListenTcp(both)).toBe(true);
    expect(await canBindUdp(both)).toBe(true);
    const lock = `${portLockDir()}/${both}`;
    expect(readFileSync(lock, 'utf8').split(' ')[0]).toBe(String(process.pid));
    for (const p of [tcp, udp, both]) releasePort(p);
    expect(existsSync(lock)).toBe(false);
  });

  it('never hands out the same port twice while reserved, within one process', async () => {
    const ports = await Promise.all(Array.from({ length: 200 }, () => allocatePort({ protocol: 'both' })));
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of ports) releasePort(p);
  });

  it('never hands out the same port twice across parallel processes', async () => {
    const script = fileURLToPath(new URL('./port-allocator-child.ts', import.meta.url));
    const children = Array.from({ length: 4 }, () =>
      execa(process.execPath, [script, '150'], { reject: false, stdin: 'pipe', timeout: 60_000 }),
    );
    // every child prints its ports, then holds its reservations until its stdin closes
    const firstLines = await Promise.all(
      children.map(
        (child) =>
          new Promise<string>((resolve) => {
            let text = '';
            child.stdout?.on('data', (chunk: Buffer) => {
              text += chunk.toString();
              if (text.includes('\n')) resolve(text.split('\n')[0]);
            });
            void child.then(() => resolve(text));
          }),
      ),
    );
    for (const child of children) child.stdin?.end();
    const runs = await Promise.all(children);
    const all: number[] = [];
    for (const [i, run] of runs.entries()) {
      expect(run.exitCode, run.stderr).toBe(0);
      all.push(...JSON.parse(firstLines[i]));
    }
    expect(all).toHaveLength(600);
    expect(new Set(all).size).toBe(600);
  });

  it('never takes a reservation a rival is still writing (an empty owner file is not stale)', () => {
    // The race behind 599 unique ports of 600: a rival had created its file but not yet written its
    // pid, this process read '' as a dead owner, replaced the file, and both held the port.
    const port = 1; // never handed out by the OS: only this test touches its file
    mkdirSync(portLockDir(), { recursive: true });
    const file = `${portLockDir()}/${port}`;
    writeFileSync(file, '');
    try {
      expect(reservePort(port)).toBe(false);
      writeFileSync(file, '999999999 0\n'); // an owner that is gone: stale, replaced
      expect(reservePort(port)).toBe(true);
      expect(readFileSync(file, 'utf8').split(' ')[0]).toBe(String(process.pid));
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('rejects with ERR_PORT_ALLOCATION for a host it cannot bind', async () => {
    await expect(allocatePort({ host: '192.0.2.1' })).rejects.toMatchObject({ code: 'ERR_PORT_ALLOCATION' });
  });
});
