// MUD out-of-band protocol payload codecs (no telnet framing inside, no sockets).
export * from './gmcp.ts';
export * from './msdp.ts';
export * from './mssp.ts';
