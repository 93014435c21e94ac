// CI fuzz of option validation: any value, and valid options with one field broken (targets/config.ts).
import { describe } from 'vitest';
import { fuzzTests } from './ci.ts';
import { CONFIG_TARGETS } from './targets/config.ts';

describe('fuzz: option validation', () => fuzzTests(CONFIG_TARGETS));
