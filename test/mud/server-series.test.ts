import { describe, expect, it } from 'vitest';
import { MUD_SERIES_MAX_BUCKETS, mudServerSeries } from '../../src/mud/server-series.ts';

const T0 = 1_700_000_000_000;
const ev = (ms: number, event: string) => ({ t: T0 + ms, event, level: 'info', cat: 'mud' });

describe('mudServerSeries', () => {
  it('open connections (peak per second) and commands per second from the server events', () => {
    const series = mudServerSeries(
      [
        ev(-500, 'connect'), // open before the test's origin: counted from 0 s on
        ev(200, 'connect'),
        ev(300, 'command'),
        ev(900, 'disconnect'),
        ev(1500, 'command'),
        ev(1600, 'command'),
        ev(3100, 'disconnect'),
        ev(3200, 'tick'),
        { t: 'bad', event: 'connect' },
      ],
      T0,
      { endMs: T0 + 4000 },
    );
    expect(series).toEqual([
      {
        name: 'connections',
        unit: 'connections',
        source: 'mud-server',
        points: [
          [0, 2],
          [1000, 1],
          [2000, 1],
          [3000, 1],
          [4000, 0],
        ],
      },
      {
        name: 'commands per second',
        unit: 'count',
        source: 'mud-server',
        points: [
          [0, 1],
          [1000, 2],
          [2000, 0],
          [3000, 0],
          [4000, 0],
        ],
      },
    ]);
  });

  it('nothing without connections or commands; at most an hour of seconds', () => {
    expect(mudServerSeries([ev(10, 'tick'), ev(20, 'server_ready')], T0)).toEqual([]);
    const long = mudServerSeries([ev(0, 'connect'), ev(10_000_000, 'command')], T0);
    expect(long[0].points).toHaveLength(MUD_SERIES_MAX_BUCKETS);
  });
});
