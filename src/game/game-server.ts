// A running game server: its process, control connection and live metrics.

import type { ManagedProcess, ProcessResult } from '../process/types.ts';
import type { ControlConnection } from './control-server.ts';
import { ServerMetrics, type ServerMetricsSummary } from './server-metrics.ts';

/** Handle on a started game server (the `server` fixture's value). */
export class GameServerHandle {
  readonly name: string;
  readonly host: string;
  /** UDP/TCP port the server listens on. */
  readonly port: number;
  readonly process: ManagedProcess;
  readonly control: ControlConnection;
  readonly metrics: ServerMetrics;
  private readonly unsubscribe: () => void;

  constructor(opts: {
    name: string;
    host: string;
    port: number;
    process: ManagedProcess;
    control: ControlConnection;
    metrics?: ServerMetrics;
  }) {
    this.name = opts.name;
    this.host = opts.host;
    this.port = opts.port;
    this.process = opts.process;
    this.control = opts.control;
    this.metrics = opts.metrics ?? new ServerMetrics();
    // Events that arrived before the handle existed, then live ones; synchronous, so none is missed.
    for (const e of opts.process.events) this.metrics.ingest(e);
    this.unsubscribe = opts.process.onEvent((e) => this.metrics.ingest(e));
  }

  /** Parsed events so far (bounded ring, oldest first). */
  get events(): ManagedProcess['events'] {
    return this.process.events;
  }

  summary(): ServerMetricsSummary {
    return this.metrics.summary();
  }

  /** Ask the server for its own stats (the `stats` control command). */
  async stats(timeoutMs = 5000): Promise<Record<string, unknown>> {
    return this.control.stats(timeoutMs);
  }

  /** Quit through the control socket, then TERM/KILL via the supervisor. Never throws. */
  async stop(): Promise<ProcessResult> {
    const result = await this.process.stop();
    this.unsubscribe();
    return result;
  }
}
