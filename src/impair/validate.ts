// The impairments' normalize() checks are the shared option-validation toolkit (src/config); this
// module keeps their import path stable.
export { closest, knownKeys, type NumRule, num, obj, rate, show } from '../config/index.ts';
