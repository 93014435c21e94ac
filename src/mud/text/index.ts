// Text layer of the MUD stack: UTF-8, ANSI stripping, lines, prompts, BOT lines. Streaming, no I/O.
export * from './ansi.ts';
export * from './bot-lines.ts';
export * from './lines.ts';
export * from './prompts.ts';
export * from './utf8.ts';
