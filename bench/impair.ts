// All impair benchmarks in one run, printed one after the other: scheduler lateness, direct vs
// proxied (RTT, UDP pkt/s, TCP MB/s), delivered latency vs configured and loss/dup tolerance.
// Bounded: about 60 s in all. Run: node bench/impair.ts
import { benchLatency } from './impair-latency.ts';
import { benchProxy } from './impair-proxy.ts';
import { benchScheduler } from './impair-scheduler.ts';

await benchScheduler();
console.log('');
await benchProxy();
console.log('');
await benchLatency();
