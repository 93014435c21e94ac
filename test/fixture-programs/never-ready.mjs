// Runs forever printing a heartbeat line, never prints anything a readiness check would accept.
let n = 0;
setInterval(() => console.log(`still booting ${n++}`), 100);
