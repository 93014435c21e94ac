// CI fuzz of the fixture MUD's telnet side with hostile clients on real sockets (targets/fixture-mud.ts).
import { describe } from 'vitest';
import { fuzzTests } from './ci.ts';
import { fixtureMudTarget } from './targets/fixture-mud.ts';

describe('fuzz: fixture MUD (server)', () => fuzzTests([fixtureMudTarget] as never, 60_000));
