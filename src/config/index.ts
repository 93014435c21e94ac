// Option validation toolkit shared by every front end (fixtures, CLI flags, scenario/swarm YAML):
// checks that record problems with their paths, a collector that reports them all at once as
// ERR_CONFIG_INVALID, and "did you mean" hints.
//
//   const p = new Problems();
//   const o = obj(raw, '', p);
//   if (o) { knownKeys(o, ['bots', 'duration'], '', p); num(o.bots, 'bots', p, { integer: true, min: 1 }); }
//   p.throwIfAny('swarm.yaml', 'see "MUD swarms" in the README');

export {
  bool,
  knownKeys,
  type NumRule,
  num,
  obj,
  oneOf,
  port,
  rate,
  type StrRule,
  show,
  str,
  stringArray,
  stringRecord,
} from './checks.ts';
export { closest, didYouMean } from './closest.ts';
export {
  type ConfigProblem,
  formatProblem,
  joinPath,
  type ProblemSink,
  Problems,
  report,
  throwIfProblems,
} from './problems.ts';
export {
  locateProblems,
  parseYaml,
  readYamlFile,
  splitPath,
  type YamlSource,
} from './yaml-file.ts';
