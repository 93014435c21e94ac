// MUD bot / swarm YAML configs: the shape MUD bot users write, checked with every problem at once
// (file:line), mapped onto MudBot options (and the swarm's options).
export * from './behavior-options.ts';
export * from './credentials.ts';
export * from './load.ts';
export * from './mud-config.ts';
export * from './to-bot-options.ts';
