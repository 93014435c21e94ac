// The swarm: many playing bots against one MUD, mergeable figures, and a fault finder.
export * from './names.ts';
export * from './types.ts';
