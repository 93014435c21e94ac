// Child for ports.test.ts: allocates N ports, prints them as one JSON line, and keeps the
// reservations until its stdin closes, so the reservations of all siblings are alive at once.
import { allocatePort } from '../../src/process/ports.ts';

const n = Number(process.argv[2] ?? 100);
const ports: number[] = [];
for (let i = 0; i < n; i++) ports.push(await allocatePort({ protocol: i % 2 ? 'tcp' : 'both' }));
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
