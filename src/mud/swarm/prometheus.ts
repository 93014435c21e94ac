// Prometheus text exposition of a swarm snapshot, and a small loopback HTTP server for `/metrics`
// (closed with the swarm). The model knows nothing of HTTP; this file is the thin adapter.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetwrightError } from '../../errors.ts';
import type { SwarmSnapshot } from './types.ts';

function line(name: string, help: string, type: 'gauge' | 'counter', values: [string, number][]): string {
  const out = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, v] of values) out.push(`${name}${labels} ${Number.isFinite(v) ? v : 0}`);
  return out.join('\n');
}

function labelled(key: string, rec: Record<string, number>): [string, number][] {
  return Object.entries(rec).map(([k, v]) => [`{${key}="${k.replace(/["\\\n]/g, '_')}"}`, v]);
}

/** The snapshot as Prometheus text (version 0.0.4): bots, counters, latency quantiles in seconds. */
export function renderPrometheus(s: SwarmSnapshot): string {
  const b = s.bots;
  const l = s.latencyMs;
  const blocks = [
    line('netwright_mud_bots', 'Bots by state', 'gauge', [
      ['{state="active"}', b.active],
      ['{state="connecting"}', b.connecting],
      ['{state="target"}', b.target],
    ]),
    line('netwright_mud_connections_total', 'Connections opened', 'counter', [['', b.total]]),
    line('netwright_mud_connections_failed_total', 'Connections or logins that failed', 'counter', [
      ['', b.failed],
    ]),
    line('netwright_mud_logins_total', 'Logins that reached the game', 'counter', [['', b.logins]]),
    line('netwright_mud_commands_total', 'Commands written', 'counter', [['', s.commands]]),
    line('netwright_mud_responses_total', 'Commands answered by a prompt', 'counter', [['', s.responses]]),
    line('netwright_mud_bytes_total', 'Bytes on the bots connections', 'counter', [
      ['{direction="in"}', s.bytesIn],
      ['{direction="out"}', s.bytesOut],
    ]),
    line('netwright_mud_kills_total', 'Monsters killed', 'counter', [['', s.kills]]),
    line('netwright_mud_deaths_total', 'Bot deaths', 'counter', [['', s.deaths]]),
    line('netwright_mud_xp_total', 'Experience gained', 'counter', [['', s.xp]]),
    line('netwright_mud_levels_total', 'Levels gained', 'counter', [['', s.levels]]),
    line('netwright_mud_errors_total', 'Errors by code', 'counter', labelled('code', s.errors)),
    line(
      'netwright_mud_behavior_seconds_total',
      'Time bots spent in each behaviour',
      'counter',
      labelled('behavior', s.behaviors).map(([k, v]) => [k, v / 1000]),
    ),
    [
      '# HELP netwright_mud_command_latency_seconds Command write to prompt latency',
      '# TYPE netwright_mud_command_latency_seconds summary',
      ...(
        [
          ['0.5', l.p50],
          ['0.95', l.p95],
          ['0.99', l.p99],
          ['1', l.max],
        ] as const
      ).map(([q, v]) => `netwright_mud_command_latency_seconds{quantile="${q}"} ${v / 1000}`),
      `netwright_mud_command_latency_seconds_sum ${(l.mean * l.count) / 1000}`,
      `netwright_mud_command_latency_seconds_count ${l.count}`,
    ].join('\n'),
    line('netwright_mud_fault', 'A fault was found (1) or not (0)', 'gauge', [['', s.fault ? 1 : 0]]),
  ];
  return `${blocks.join('\n')}\n`;
}

/** A running /metrics server. */
export interface MetricsServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Serve `renderPrometheus(snapshot())` at http://host:port/metrics (host default 127.0.0.1). */
export async function serveMetrics(opts: {
  host?: string;
  port: number;
  snapshot: () => SwarmSnapshot;
}): Promise<MetricsServer> {
  const host = opts.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('netwright: only GET /metrics here\n');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
      .end(renderPrometheus(opts.snapshot()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new NetwrightError(
          'ERR_MUD_SWARM_METRICS',
          `swarm: cannot serve /metrics on ${host}:${opts.port} (${err.code})`,
          {
            hint: 'pick a free --metrics-port (0 = any) or stop what holds it',
            cause: err,
          },
        ),
      ),
    );
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
