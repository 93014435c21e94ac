// CI fuzz of the Toxiproxy-compatible API server with raw requests on loopback (targets/api-server.ts).
import { describe } from 'vitest';
import { fuzzTests } from './ci.ts';
import { apiServerTarget } from './targets/api-server.ts';

describe('fuzz: impairment API server', () => fuzzTests([apiServerTarget] as never, 60_000));
