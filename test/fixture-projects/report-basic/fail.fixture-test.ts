import { describe, expect, test } from 'vitest';
import { gameMeta, logDir, writeServerLog } from './meta-helpers.ts';

describe('netcode', () => {
  test('snapshot rate stays above 18 Hz', ({ task }) => {
    const dir = logDir('snapshot-rate');
    const log = writeServerLog(dir);
    task.meta.netwright = {
      seed: 777,
      runSeed: 99,
      ...gameMeta(Date.now()),
      processes: [
        {
          name: 'server',
          command: 'godot3-server --main-pack game.pck',
          exitCode: 1,
          signal: null,
          reason: 'fatal-pattern',
          failed: true,
          durationMs: 10234,
          stdoutTail: ['tick 499', 'tick 500'],
          stderrTail: [],
          logPaths: { stdout: log },
        },
        {
          name: 'client-1',
          command: 'godot3-server',
          exitCode: 0,
          signal: null,
          reason: 'stopped',
          failed: false,
          durationMs: 10100,
          stdoutTail: ['bye'],
          stderrTail: ['warn: jitter buffer underrun'],
          logPaths: {},
        },
      ],
    };
    expect({ snapshotRateHz: 16.5, underruns: 8 }).toEqual({ snapshotRateHz: 20, underruns: 0 });
  });
});

test('throws a plain error', () => {
  throw new Error('\u001b[31mboom\u001b[39m: server did not answer');
});
