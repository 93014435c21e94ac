// The swarm: many playing bots against one MUD, mergeable figures, and a fault finder.

export * from './fault-finder.ts';
export * from './merge.ts';
export * from './mud-swarm.ts';
export * from './names.ts';
export * from './prometheus.ts';
export * from './run-swarm.ts';
export * from './summary.ts';
export * from './types.ts';
export * from './validate.ts';
