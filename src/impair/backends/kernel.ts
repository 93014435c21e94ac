// The kernel backend (root only): each link is two network namespaces joined by a veth pair, and the
// impairments are kernel configuration on each side's egress: tc for rate (tbf) and, where the kernel
// has it, netem for delay/reorder/corruption; nftables for loss, outage and duplication.
//
//   ns <tag>c (client)                              ns <tag>s (server)
//   169.254.100.1 nwc  ==== veth ====  nws 169.254.100.2
//   egress nwc = upstream rules                     egress nws = downstream rules
//
// Programs are started inside a side with `link.command('server', argv)`. Namespaces are always
// deleted on close(), and stale ones of dead netwright processes on the next create().

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NetwrightError } from '../../errors.ts';
import { applyPatch, EMPTY_STATE, type LinkState, orderedSpecs, toLinkConfig } from '../config.ts';
import {
  type BackendLink,
  type BackendLinkSpec,
  backendUnsupported,
  type LinkBackend,
} from '../link-backend.ts';
import type { Direction, LinkConfig, LinkConfigPatch, StageSpec } from '../types.ts';
import { type CmdResult, execRunner, inNs, type Runner } from './kernel-exec.ts';
import { type KernelSupport, kernelUnsupported, missingFeatures, probeKernel } from './kernel-probe.ts';
import { type KernelRules, rulesFor } from './kernel-rules.ts';

/** One end of a kernel link. */
export interface KernelSide {
  ns: string;
  dev: string;
  address: string;
}

const PREFIX = 'nw';
let counter = 0;

/** Delete namespaces left by netwright processes that no longer exist. Never throws. */
export async function cleanupStaleNamespaces(run: Runner = execRunner): Promise<string[]> {
  const list = await run(['ip', 'netns', 'list']);
  const removed: string[] = [];
  for (const line of list.stdout.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = /^nw(?:probe)?(\d+)(?:l\d+[cs])?$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    if ((await run(['ip', 'netns', 'del', name])).ok) removed.push(name);
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** Kernel links on this machine. */
export class KernelBackend {
  readonly name = 'kernel';
  readonly support: KernelSupport;
  private readonly run: Runner;
  private readonly links = new Set<KernelLink>();

  private constructor(run: Runner, support: KernelSupport) {
    this.run = run;
    this.support = support;
  }

  /** Probe the kernel; ERR_BACKEND_UNSUPPORTED (with the list) without root, namespaces or veth. */
  static async create(opts: { run?: Runner; support?: KernelSupport } = {}): Promise<KernelBackend> {
    const run = opts.run ?? execRunner;
    const support = opts.support ?? (await probeKernel(run));
    const missing = missingFeatures([], support);
    if (missing.length > 0) throw kernelUnsupported(missing, support);
    await cleanupStaleNamespaces(run);
    return new KernelBackend(run, support);
  }

  /** Create the two namespaces and the veth pair of a new link. */
  async openLink(opts: { id: string }): Promise<KernelLink> {
    const tag = `${PREFIX}${process.pid}l${++counter}`;
    const client: KernelSide = { ns: `${tag}c`, dev: 'nwc', address: '169.254.100.1' };
    const server: KernelSide = { ns: `${tag}s`, dev: 'nws', address: '169.254.100.2' };
    const steps: string[][] = [
      ['ip', 'netns', 'add', client.ns],
      ['ip', 'netns', 'add', server.ns],
      ['ip', '-n', client.ns, 'link', 'set', 'lo', 'up'],
      ['ip', '-n', server.ns, 'link', 'set', 'lo', 'up'],
      [
        'ip',
        '-n',
        client.ns,
        'link',
        'add',
        client.dev,
        'type',
        'veth',
        'peer',
        'name',
        server.dev,
        'netns',
        server.ns,
      ],
      ['ip', '-n', client.ns, 'addr', 'add', `${client.address}/30`, 'dev', client.dev],
      ['ip', '-n', server.ns, 'addr', 'add', `${server.address}/30`, 'dev', server.dev],
      ['ip', '-n', client.ns, 'link', 'set', client.dev, 'up'],
      ['ip', '-n', server.ns, 'link', 'set', server.dev, 'up'],
    ];
    const link = new KernelLink(opts.id, client, server, this.run, this.support, () =>
      this.links.delete(link),
    );
    for (const argv of steps) {
      const r = await this.run(argv);
      if (!r.ok) {
        await link.close();
        throw setupError(r);
      }
    }
    this.links.add(link);
    return link;
  }

  /** Close every link (deletes their namespaces). Never throws. */
  async close(): Promise<void> {
    for (const link of [...this.links]) await link.close();
  }
}

function setupError(r: CmdResult): NetwrightError {
  return new NetwrightError('ERR_KERNEL_SETUP', `kernel backend: \`${r.command}\` failed: ${r.stderr}`, {
    hint: 'the kernel backend needs root, iproute2, and for loss/duplication nftables (apt-get install nftables)',
    details: { command: r.command, code: r.code, stderr: r.stderr },
  });
}

/** One kernel link: client namespace <-veth-> server namespace. */
export class KernelLink {
  readonly id: string;
  readonly client: KernelSide;
  readonly server: KernelSide;
  private readonly run: Runner;
  private readonly support: KernelSupport;
  private readonly onClose: () => void;
  private state: LinkState = EMPTY_STATE;
  private closed = false;

  constructor(
    id: string,
    client: KernelSide,
    server: KernelSide,
    run: Runner,
    support: KernelSupport,
    onClose: () => void,
  ) {
    this.id = id;
    this.client = client;
    this.server = server;
    this.run = run;
    this.support = support;
    this.onClose = onClose;
  }

  /** argv that runs `argv` inside one side's namespace (the caller owns and kills that process). */
  command(side: 'client' | 'server', argv: readonly string[]): string[] {
    return inNs(this[side].ns, argv);
  }

  /** Merge a short-form patch and apply it; ERR_BACKEND_UNSUPPORTED lists every missing feature. */
  async set(patch: LinkConfigPatch): Promise<void> {
    const next = applyPatch(this.state, patch, undefined, `kernel link ${this.id}`);
    await this.apply(next);
  }

  /** Remove every impairment. */
  async reset(): Promise<void> {
    await this.apply(EMPTY_STATE);
  }

  /** The configuration in short form. */
  config(): LinkConfig {
    return toLinkConfig(this.state);
  }

  /** Throw ERR_BACKEND_UNSUPPORTED if the kernel here cannot carry these stages. */
  check(specs: Readonly<Record<Direction, readonly StageSpec[]>>): void {
    rulesFor(specs.upstream, { dev: this.client.dev, peer: this.server.address });
    rulesFor(specs.downstream, { dev: this.server.dev, peer: this.client.address });
    const missing = missingFeatures([...specs.upstream, ...specs.downstream], this.support);
    if (missing.length > 0) throw kernelUnsupported(missing, this.support);
  }

  /** Apply stage lists (the Network's model owns timing and outage ends). */
  async applySpecs(specs: Readonly<Record<Direction, readonly StageSpec[]>>): Promise<void> {
    this.check(specs);
    await this.applySide(
      this.client,
      rulesFor(specs.upstream, { dev: this.client.dev, peer: this.server.address }),
    );
    await this.applySide(
      this.server,
      rulesFor(specs.downstream, { dev: this.server.dev, peer: this.client.address }),
    );
  }

  /** Delete both namespaces (and so the veth pair). Never throws. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.run(['ip', 'netns', 'del', this.client.ns]);
    await this.run(['ip', 'netns', 'del', this.server.ns]);
    this.onClose();
  }

  private async apply(next: LinkState): Promise<void> {
    const up = orderedSpecs(next.upstream);
    const down = orderedSpecs(next.downstream);
    const upRules = rulesFor(up, { dev: this.client.dev, peer: this.server.address });
    const downRules = rulesFor(down, { dev: this.server.dev, peer: this.client.address });
    const missing = missingFeatures([...up, ...down], this.support);
    if (missing.length > 0) throw kernelUnsupported(missing, this.support);
    await this.applySide(this.client, upRules);
    await this.applySide(this.server, downRules);
    this.state = next;
  }

  private async applySide(side: KernelSide, rules: KernelRules): Promise<void> {
    if (rules.qdisc) {
      const r = await this.run(
        inNs(side.ns, ['tc', 'qdisc', 'replace', 'dev', side.dev, 'root', ...rules.qdisc]),
      );
      if (!r.ok) throw setupError(r);
    } else {
      await this.run(inNs(side.ns, ['tc', 'qdisc', 'del', 'dev', side.dev, 'root'])); // none there: fine
    }
    if (!this.support.nftables.ok) return;
    const dir = await mkdtemp(path.join(tmpdir(), 'netwright-nft-'));
    try {
      const file = path.join(dir, 'rules.nft');
      await writeFile(file, rules.nft);
      const r = await this.run(inNs(side.ns, ['nft', '-f', file]));
      if (!r.ok) throw setupError(r);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * The kernel backend behind the link-backend contract. Its traffic is between programs started in the
 * link's namespaces (`link.command('server' | 'client', argv)`): the server listens on
 * `link.upstreamAddress` (169.254.100.2, the port asked for), clients connect to `link.listen` (the same
 * address seen from the client namespace). Links between loopback endpoints of this process are
 * ERR_BACKEND_UNSUPPORTED (open them with `endpoints: 'commands'`).
 */
export class KernelLinkBackend implements LinkBackend {
  readonly name = 'kernel' as const;
  private backend: Promise<KernelBackend> | undefined;

  async open(spec: BackendLinkSpec & { endpoints?: 'loopback' | 'commands' }): Promise<BackendLink> {
    if (spec.endpoints !== 'commands')
      throw backendUnsupported(
        'kernel',
        "links between loopback endpoints in this process (start both ends with link.command() and open the link with endpoints: 'commands')",
      );
    this.backend ??= KernelBackend.create();
    const link = await (await this.backend).openLink({ id: spec.id });
    const at = { host: link.server.address, port: spec.upstream.port };
    let queue: Promise<void> = Promise.resolve();
    let failure: unknown;
    return {
      listen: at,
      upstream: at,
      check: (specs) => link.check(specs),
      apply: (specs) => {
        const copy = { upstream: [...specs.upstream], downstream: [...specs.downstream] };
        queue = queue
          .then(() => link.applySpecs(copy))
          .catch((err: unknown) => {
            failure ??= err;
          });
      },
      settled: async () => {
        await queue;
        if (failure) throw failure;
      },
      sessions: () => ({ active: 0, total: 0, evicted: 0, refused: 0 }),
      command: (side, argv) => link.command(side, argv),
      close: async () => {
        await queue;
        await link.close();
      },
    };
  }

  async close(): Promise<void> {
    const b = await this.backend?.catch(() => undefined);
    await b?.close();
  }
}
