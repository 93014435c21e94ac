// A tiny game that honours netwright's game process contract without any engine: proves src/game and
// the fixtures are engine-agnostic (test/game/any-engine.test.ts runs it as `gameCommand`). Server: UDP
// on TEST_PORT, 30 Hz "snapshots" to every peer, peer_stats and tick every second, peer_disconnected on
// a client's "bye". Client: says hello, logs first_snapshot and snapshot_received, "bye" when it quits.
// Both: control socket hello, quit/ack, quit on close.
// FAKE_SCRIPT_ERROR=1 prints an engine-style script error FAKE_SCRIPT_ERROR_DELAY_MS after the first snapshot.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';

const env = process.env;
const mode = env.TEST_MODE;
const id = env.TEST_CLIENT_ID ?? '';
const log = (event, fields = {}) =>
  console.log(`[LOG_JSON]${JSON.stringify({ t: Date.now(), level: 'info', cat: 'net', event, ...fields })}`);
let goodbye = (done) => done();
const quit = (reason) => {
  log('quit', { reason, code: 0 });
  goodbye(() => process.exit(0));
};
// Like the bundled Godot game: an unknown behaviour is a configuration error, exit code 2.
const BEHAVIORS = [
  'random_walk',
  'stress_test',
  'chunk_crossing',
  'circle_pattern',
  'figure_eight',
  'collision_test',
  'churn',
  'convergence',
  'route_replay',
  'idle',
];
if (mode === 'client' && env.TEST_BEHAVIOR && !BEHAVIORS.includes(env.TEST_BEHAVIOR)) {
  console.error(`TEST_BEHAVIOR must be one of ${BEHAVIORS.join(',')} (got '${env.TEST_BEHAVIOR}')`);
  process.exit(2);
}
setTimeout(() => quit('duration'), Number(env.TEST_DURATION ?? 60) * 1000).unref();

const [host, port] = (env.NETWRIGHT_CONTROL ?? '').split(':');
const control = connect(Number(port), host, () => {
  control.write(
    `${JSON.stringify({ type: 'hello', role: mode, id: mode === 'server' ? '' : id, pid: process.pid })}\n`,
  );
});
control.on('close', () => quit('control_closed'));
control.on('error', () => quit('control_unreachable'));
let buf = '';
control.setEncoding('utf8');
control.on('data', (d) => {
  buf += d;
  for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
    const cmd = JSON.parse(buf.slice(0, nl));
    buf = buf.slice(nl + 1);
    control.write(
      `${JSON.stringify({ type: 'ack', seq: cmd.seq, ok: cmd.cmd !== 'bogus', cmd: cmd.cmd })}\n`,
    );
    if (cmd.cmd === 'quit') setTimeout(() => quit('control'), 10);
  }
});

const sock = createSocket('udp4');
if (mode === 'server') {
  const peers = new Map();
  let nextPeer = 1;
  sock.on('message', (msg, rinfo) => {
    const key = `${rinfo.address}:${rinfo.port}`;
    const text = msg.toString();
    const known = peers.get(key);
    if (text === 'bye') {
      if (known) {
        peers.delete(key);
        log('peer_disconnected', { peer: known.peer, client_id: Number(known.clientId), reason: 'bye' });
      }
    } else if (!known) {
      peers.set(key, { ...rinfo, peer: nextPeer, clientId: text, seq: 0, bytes: 0, total: 0 });
      log('peer_connected', { peer: nextPeer++, client_id: Number(text) });
    }
  });
  sock.bind(Number(env.TEST_PORT), '127.0.0.1', () => log('server_ready', { port: Number(env.TEST_PORT) }));
  let ticks = 0;
  setInterval(() => {
    for (const p of peers.values()) {
      log('peer_stats', {
        peer: p.peer,
        client_id: Number(p.clientId),
        kbps: (p.bytes * 8) / 1000,
        total_bytes: p.total,
      });
      p.bytes = 0;
    }
    log('tick', { count: ticks, duration_ms: 0.1, max_ms: 0.2, peers: peers.size });
    ticks = 0;
  }, 1000);
  setInterval(() => {
    ticks++;
    for (const p of peers.values()) {
      p.seq++;
      const body = JSON.stringify({ seq: p.seq, t: Date.now() });
      p.bytes += body.length;
      p.total += body.length;
      sock.send(body, p.port, p.address);
      log('snapshot_sent', {
        client_id: Number(p.clientId),
        seq: p.seq,
        bytes: body.length,
        full: p.seq === 1,
      });
    }
  }, 33);
} else {
  const started = Date.now();
  let first = true;
  sock.on('message', (msg) => {
    const snap = JSON.parse(msg.toString());
    if (first) {
      first = false;
      log('client_connected', { connect_ms: 0, reconnect: false });
      log('first_snapshot', { ms_since_connect: Date.now() - started, seq: snap.seq, reconnect: false });
      if (env.FAKE_SCRIPT_ERROR === '1') {
        setTimeout(
          () => {
            console.error('SCRIPT ERROR: Invalid get index on base Nil');
            console.error('   At: res://fake.gd:7.');
          },
          Number(env.FAKE_SCRIPT_ERROR_DELAY_MS ?? 0),
        );
      }
    }
    log('snapshot_received', { seq: snap.seq, delay_ms: Date.now() - snap.t });
  });
  sock.bind(0, '127.0.0.1', () => {
    const to = [Number(env.TEST_PORT), env.TEST_HOST ?? '127.0.0.1'];
    goodbye = (done) => sock.send('bye', ...to, () => done());
    const hello = () => sock.send(id, ...to);
    hello();
    const again = setInterval(() => (first ? hello() : clearInterval(again)), 200);
  });
}
