// Route table of the Toxiproxy 2.x API (api.go's gorilla/mux routes) onto ProxyCollection calls.
// A route answers { status, body } or throws an ApiError; HTTP itself lives in server.ts.

import type { ProxyCollection } from './collection.ts';

/** What a handler returns: status and a JSON-able body (undefined = no body). */
export interface RouteResult {
  status: number;
  body?: unknown;
  /** Verbatim body with its content type (for /version, whose exact bytes Toxiproxy fixes). */
  text?: { data: string; contentType: string };
}

type Handler = (params: string[], body: () => Promise<string>) => Promise<RouteResult>;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const noContent: RouteResult = { status: 204 };

/** Build the routes over a collection. `extra` are netwright extensions (e.g. stats). */
export function buildRoutes(c: ProxyCollection, version: string, stats: Handler): Route[] {
  const seg = '([^/]+)';
  return [
    {
      pattern: /^\/reset$/,
      methods: {
        POST: async () => {
          await c.reset();
          return noContent;
        },
      },
    },
    {
      pattern: /^\/proxies$/,
      methods: {
        GET: async () => ok(await c.list()),
        POST: async (_, body) => ({ status: 201, body: await c.create(await body()) }),
      },
    },
    {
      pattern: /^\/populate$/,
      methods: {
        POST: async (_, body) => {
          const { proxies, error } = await c.populate(await body());
          if (!error) return { status: 201, body: { proxies } };
          return { status: error.status, body: { ...error.toJSON(), proxies } };
        },
      },
    },
    {
      pattern: new RegExp(`^/proxies/${seg}$`),
      methods: {
        GET: async ([p]) => ok(await c.show(p)),
        POST: async ([p], body) => ok(await c.update(p, await body())),
        PATCH: async ([p], body) => ok(await c.update(p, await body())),
        DELETE: async ([p]) => {
          await c.remove(p);
          return noContent;
        },
      },
    },
    {
      pattern: new RegExp(`^/proxies/${seg}/toxics$`),
      methods: {
        GET: async ([p]) => ok(await c.toxics(p)),
        POST: async ([p], body) => ok(await c.addToxic(p, await body())),
      },
    },
    {
      pattern: new RegExp(`^/proxies/${seg}/toxics/${seg}$`),
      methods: {
        GET: async ([p, t]) => ok(await c.toxic(p, t)),
        POST: async ([p, t], body) => ok(await c.updateToxic(p, t, await body())),
        PATCH: async ([p, t], body) => ok(await c.updateToxic(p, t, await body())),
        DELETE: async ([p, t]) => {
          await c.removeToxic(p, t);
          return noContent;
        },
      },
    },
    { pattern: new RegExp(`^/proxies/${seg}/stats$`), methods: { GET: stats } },
    {
      pattern: /^\/version$/,
      methods: {
        GET: async () => ({
          status: 200,
          text: {
            data: `{"version": ${JSON.stringify(version)}}\n`,
            contentType: 'application/json;charset=utf-8',
          },
        }),
      },
    },
  ];
}

/** Match a path: the handler, 'method' (path known, method not: 405), or undefined (404). */
export function matchRoute(
  routes: Route[],
  method: string,
  path: string,
): { handler: Handler; params: string[] } | 'method' | undefined {
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    const handler = r.methods[method];
    if (!handler) return 'method';
    return { handler, params: m.slice(1).map((s) => decodeURIComponent(s)) };
  }
  return undefined;
}
