// CI fuzz of the bot side's MUD protocol stack (telnet, MCCP, GMCP, MSDP, MudSession): depth, size
// and split properties, each naming its bound (targets in targets/codecs.ts; long runs: bench/fuzz-long.ts).
import { describe } from 'vitest';
import { fuzzTests } from './ci.ts';
import { CODEC_TARGETS } from './targets/codecs.ts';

describe('fuzz: MUD codecs (client)', () => fuzzTests(CODEC_TARGETS));
