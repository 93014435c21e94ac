// Toxiproxy-compatible HTTP API over the link model (node:http, no framework).
//
// The contract, as Toxiproxy 2.x serves it (api.go, proxy_collection.go, toxic_collection.go,
// toxics/*.go of Shopify/toxiproxy v2.12; read, not copied):
//
//   GET    /proxies                       200 {name: proxy, ...}, names sorted (Go map order)
//   POST   /proxies                       201 proxy | 400 bad body / missing field | 409 exists | 500 listen
//   POST   /populate                      201 {"proxies":[...]} | on error {"error","status","proxies":[done]}
//                                          with the error's status (application/json here). Body: array of {name,listen,upstream,
//                                          enabled}. All entries are checked for name/upstream first
//                                          ("missing required field: name at proxy 2"); then each is added,
//                                          kept when listen/upstream are unchanged, or replaced (toxics lost).
//   GET    /proxies/{proxy}               200 proxy | 404
//   POST   /proxies/{proxy}               200 proxy (PATCH too; POST is deprecated in 2.6+ but served).
//                                          Fields default to the current ones; a listen/upstream change
//                                          restarts the listener; `enabled` starts/stops it (stop closes
//                                          every connection).
//   DELETE /proxies/{proxy}               204 | 404
//   GET    /proxies/{proxy}/toxics        200 [toxic...]: upstream chain first, then downstream, each in
//                                          insertion order
//   POST   /proxies/{proxy}/toxics        200 toxic (Toxiproxy answers 200 here, not 201) | 400 | 404 | 409
//   GET    /proxies/{proxy}/toxics/{t}    200 toxic | 404 "toxic not found"
//   POST   /proxies/{proxy}/toxics/{t}    200 toxic (PATCH too): attributes MERGE into the current ones,
//                                          toxicity kept when absent; name/type/stream cannot change
//   DELETE /proxies/{proxy}/toxics/{t}    204 | 404
//   POST   /reset                         204: enable every proxy, remove every toxic
//   GET    /version                       200 `{"version": "<v>"}\n`, application/json;charset=utf-8
//   GET    /metrics                       only with Toxiproxy's metrics flags (Prometheus text): NOT served
//
// Shapes. proxy: {"name","listen","upstream","enabled","toxics":[toxic]} — `listen` is the bound address
// once started ("127.0.0.1:40123"), as given while disabled. toxic (Go field order):
// {"attributes":{...},"name","type","stream","toxicity"}. Create defaults: enabled true; stream
// "downstream" (parsed case-insensitively, echoed as given); toxicity 1.0 (float32, probability per
// connection, not range-checked); name "<type>_<stream>"; every attribute 0. Create checks in order: body
// decodes, stream valid, type known, name free, attributes decode. Field names match case-insensitively,
// unknown fields are ignored, null keeps the default, a wrong JSON type is 400 "bad request body: json:
// cannot unmarshal ...". Types and attributes (units as Toxiproxy): noop {}; latency {latency ms, jitter
// ms} (uniform +-jitter); bandwidth {rate KB/s}; slow_close {delay ms}; timeout {timeout ms, 0 = hold
// forever}; reset_peer {timeout ms}; slicer {average_size B, size_variation B, delay us}; limit_data
// {bytes}. There is no `down` toxic: a proxy is taken down with {"enabled": false}.
//
// Errors: {"error": "<message>", "status": <code>} followed by "\n", Content-Type text/plain;
// charset=utf-8 and X-Content-Type-Options: nosniff (Go's http.Error). Messages: "bad request body[: why]"
// 400, "missing required field: <f>" 400, "stream was invalid, can be either upstream or downstream" 400,
// "invalid toxic type" 400, "proxy not found" 404, "toxic not found" 404, "proxy already exists" 409,
// "toxic already exists" 409; anything else 500 with the error text. Router: unknown path 404 "404 page
// not found\n" (text/plain), known path with another method 405 with an empty body; a User-Agent
// starting with "Mozilla/" is refused 403 "User agent not allowed" (CSRF guard).
//
// netwright differences, on purpose:
// - Loopback only: wildcard/empty listen hosts bind 127.0.0.1; other listen hosts are a 500 listen error;
//   an upstream that is not loopback host:port is a 400 at definition time.
// - Extensions with new names: proxy field `protocol: "udp"` (absent = tcp; only shown for UDP proxies);
//   packet-level toxics `loss` {probability}, `loss_burst` {p, r, loss_bad, loss_good} (Gilbert-Elliott),
//   `duplicate` {probability}, `reorder` {probability, gap ms}, `corrupt` {probability}, `outage`
//   {duration ms, 0 = until removed}; GET /proxies/{proxy}/stats returns the link's observed statistics.
//   Stream-shaped toxics on a UDP proxy are a 400 "invalid toxic type: ...".
// - bandwidth rate <= 0 means unlimited (Toxiproxy stalls the stream); populate answers "proxies": []
//   where Go marshals null; Toxiproxy's proxy JSON leaks its logger as "Logger": {}, ours does not;
//   request bodies are bounded (1 MiB, else 400).
// - Attribute values the link model refuses (e.g. probability 2) are a 400 "bad request body: <problems>";
//   toxicity is clamped to 0..1 for the model and echoed as given.
// test/impair/api/differential.test.ts replays ~50 requests against a real toxiproxy-server (2.8, when
// installed) and this server and requires identical statuses, content types and bodies;
// test/impair/api/toxiproxy-cli.test.ts drives this server with Shopify's toxiproxy-cli.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from './address.ts';
import { ApiError, ErrBadRequestBody, toApiError } from './api-error.ts';
import { ProxyCollection } from './collection.ts';
import type { OpenLink } from './proxy-state.ts';
import { buildRoutes, matchRoute, type RouteResult } from './routes.ts';

/** Largest request body accepted, bytes; beyond it 400 (overflow policy: refuse the request). */
export const MAX_BODY_BYTES = 1 << 20;

/** Version string served on /version: Toxiproxy 2.x protocol, netwright implementation. */
export const API_VERSION = '2.12.0-netwright';

/** How to start the API server. */
export interface ApiServerOptions {
  /** Loopback host to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 = any free port. Default 8474 (Toxiproxy's). */
  port?: number;
  /** Opens a link for each enabled proxy (the embedded proxy in production). */
  openLink: OpenLink;
  /** One line per request and error, for the CLI. Default: silent. */
  log?: (line: string) => void;
  /** Accept upstreams beyond loopback (default false: a 400 says how to allow them). */
  allowRemoteUpstream?: boolean;
}

/** A running API server. */
export class ApiServer {
  readonly collection: ProxyCollection;
  readonly host: string;
  readonly port: number;
  private readonly server: Server;

  private constructor(server: Server, collection: ProxyCollection, host: string, port: number) {
    this.server = server;
    this.collection = collection;
    this.host = host;
    this.port = port;
  }

  /** Base URL for clients, e.g. http://127.0.0.1:8474. */
  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** Listen and serve. Rejects (ERR-free ApiError) if the host is not loopback or the port is taken. */
  static async start(opts: ApiServerOptions): Promise<ApiServer> {
    const host = opts.host ?? '127.0.0.1';
    if (!isLoopbackHost(host)) throw new ApiError(`API listens on loopback only (got ${host})`, 500);
    const collection = new ProxyCollection(opts.openLink, { allowRemoteUpstream: opts.allowRemoteUpstream });
    const routes = buildRoutes(collection, API_VERSION, async ([p]) => {
      const link = await collection.linkOf(p);
      if (!link) throw new ApiError('proxy is disabled: no link to measure', 409);
      return { status: 200, body: link.stats() };
    });
    let nextId = 1;
    const server = createServer((req, res) => {
      const id = String(nextId++);
      // handle() answers every failure itself; this catch is the last line, so that no request can
      // ever become an unhandled rejection (which would end the process and every proxy with it).
      handle(req, res, id, (method, path) => matchRoute(routes, method, path), opts.log).catch((err) => {
        opts.log?.(`api internal error: ${(err as Error)?.message ?? String(err)}`);
        if (!res.headersSent) plain(res, 500, `${JSON.stringify(toApiError(err).toJSON())}\n`);
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 60_000;
    server.requestTimeout = 25_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 8474, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    return new ApiServer(server, collection, host, port);
  }

  /** Stop accepting, close every proxy, end the listener. Never throws. */
  async close(): Promise<void> {
    await this.collection.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  match: (method: string, path: string) => ReturnType<typeof matchRoute>,
  log: ((line: string) => void) | undefined,
): Promise<void> {
  res.setHeader('X-Toxiproxy-Request-Id', id);
  const method = req.method ?? 'GET';
  const path = requestPath(req.url);
  let status = 500;
  try {
    if (path === undefined) {
      // Go's server refuses a request target it cannot parse before any handler runs.
      res.setHeader('Connection', 'close');
      status = plain(res, 400, '400 Bad Request');
      return;
    }
    if ((req.headers['user-agent'] ?? '').startsWith('Mozilla/')) {
      status = plain(res, 403, 'User agent not allowed\n');
      return;
    }
    const m = match(method, path);
    if (m === undefined) {
      status = plain(res, 404, '404 page not found\n');
      return;
    }
    if (m === 'method') {
      status = 405;
      res.writeHead(status).end();
      return;
    }
    status = send(res, await m.handler(m.params, () => readBody(req)));
  } catch (err) {
    const apiErr = toApiError(err);
    status = plain(res, apiErr.status, `${JSON.stringify(apiErr.toJSON())}\n`);
    if (apiErr.status >= 500) log?.(`api error ${method} ${path}: ${apiErr.message}`);
  } finally {
    log?.(`api ${method} ${path ?? JSON.stringify(req.url)} -> ${status}`);
  }
}

/**
 * The path of a request target (origin form `/proxies/a` or absolute form `http://h/proxies/a`), or
 * undefined when it does not parse or holds a bad %-escape (Go answers 400 to both).
 */
export function requestPath(target: string | undefined): string | undefined {
  let path: string;
  try {
    path = new URL(target ?? '/', 'http://x').pathname;
  } catch {
    return undefined;
  }
  try {
    decodeURIComponent(path);
  } catch {
    return undefined;
  }
  return path;
}

function send(res: ServerResponse, r: RouteResult): number {
  if (r.text) {
    res.writeHead(r.status, { 'Content-Type': r.text.contentType }).end(r.text.data);
  } else if (r.body === undefined) {
    res.writeHead(r.status).end();
  } else {
    res.writeHead(r.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(r.body));
  }
  return r.status;
}

function plain(res: ServerResponse, status: number, text: string): number {
  res
    .writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
    .end(text);
  return status;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        // Refuse, then drain the rest unread so the error response can still be written.
        req.off('data', onData);
        req.resume();
        reject(ApiError.join(ErrBadRequestBody, `body over ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
