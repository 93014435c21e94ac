// Backend selection: 'embedded' (default: UDP + TCP proxies in this process, no privileges), 'toxiproxy'
// (a real Toxiproxy server at TOXIPROXY_URL, TCP only) and 'kernel' (root: namespaces, tc, nftables).
// NETWRIGHT_BACKEND picks one; `availableBackends()` says which work here and why not.

import { NetwrightError } from '../../errors.ts';
import { BACKENDS, type BackendName } from '../link-backend.ts';
import { closest } from '../validate.ts';
import { KernelBackend } from './kernel.ts';
import { isRoot } from './kernel-exec.ts';
import { FEATURES, probeKernel } from './kernel-probe.ts';
import { ToxiproxyBackend, toxiproxyUrl } from './toxiproxy.ts';

export { BACKENDS, type BackendName } from '../link-backend.ts';

/** A backend name from user input (ERR_BACKEND_UNKNOWN with the closest name). */
export function parseBackendName(raw: string | undefined): BackendName {
  const name = (raw ?? 'embedded').trim() || 'embedded';
  if ((BACKENDS as readonly string[]).includes(name)) return name as BackendName;
  const guess = closest(name, BACKENDS);
  throw new NetwrightError('ERR_BACKEND_UNKNOWN', `unknown network backend '${name}'`, {
    hint: `${guess ? `did you mean '${guess}'? ` : ''}backends: ${BACKENDS.join(', ')}`,
    details: { name },
  });
}

/** The backend NETWRIGHT_BACKEND asks for (default embedded). */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendName {
  return parseBackendName(env.NETWRIGHT_BACKEND);
}

/** Whether a backend works on this machine, and why not. */
export interface BackendAvailability {
  name: BackendName;
  available: boolean;
  detail: string;
}

/** Check every backend (toxiproxy: GET /version at TOXIPROXY_URL; kernel: a probe in a scratch netns). */
export async function availableBackends(
  env: NodeJS.ProcessEnv = process.env,
): Promise<BackendAvailability[]> {
  const out: BackendAvailability[] = [
    { name: 'embedded', available: true, detail: 'in-process UDP/TCP proxies' },
  ];
  const url = toxiproxyUrl(env);
  try {
    const version = await new ToxiproxyBackend({ url }).version();
    out.push({ name: 'toxiproxy', available: true, detail: `${url} answers ${version.trim()}` });
  } catch (err) {
    out.push({ name: 'toxiproxy', available: false, detail: (err as Error).message.split('\n')[0] ?? '' });
  }
  const support = await probeKernel(undefined, isRoot());
  const missing = FEATURES.filter((f) => !support[f].ok);
  out.push({
    name: 'kernel',
    available: support.root.ok && support.netns.ok && support.veth.ok,
    detail:
      missing.length === 0
        ? 'every feature present'
        : `missing: ${missing.map((f) => `${f} (${support[f].detail})`).join('; ')}`,
  });
  return out;
}

/** A started non-embedded backend (the embedded one is `new Network()` from ../network.ts). */
export type StartedBackend =
  | { name: 'toxiproxy'; backend: ToxiproxyBackend }
  | { name: 'kernel'; backend: KernelBackend };

/** Start the toxiproxy or kernel backend (checking it works: version answered / kernel probed). */
export async function startBackend(
  name: Exclude<BackendName, 'embedded'>,
  opts: { toxiproxyUrl?: string } = {},
): Promise<StartedBackend> {
  if (name === 'toxiproxy') {
    const backend = new ToxiproxyBackend({ url: opts.toxiproxyUrl });
    await backend.version();
    return { name, backend };
  }
  return { name, backend: await KernelBackend.create() };
}
