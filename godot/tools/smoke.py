#!/usr/bin/env python3
"""By-hand smoke run: a control socket, one server, N clients; prints an event summary.

usage: smoke.py [--clients N] [--seconds S] [--behavior B] [--env K=V ...] [--server-env K=V ...]
                [--commands '<at_s>:<client|server|all>:<json>' ...] [--keep-logs DIR]
Every process is quit through the control socket and killed if it outlives its deadline.
"""
import argparse, json, os, socket, subprocess, sys, threading, time, collections

ap = argparse.ArgumentParser()
ap.add_argument('--clients', type=int, default=2)
ap.add_argument('--seconds', type=float, default=5)
ap.add_argument('--behavior', default='random_walk')
ap.add_argument('--env', action='append', default=[])
ap.add_argument('--server-env', action='append', default=[])
ap.add_argument('--commands', action='append', default=[])
ap.add_argument('--keep-logs', default='')
ap.add_argument('--port', type=int, default=0)
ap.add_argument('--godot', default='godot3-server')
args = ap.parse_args()
if args.keep_logs:
    os.makedirs(args.keep_logs, exist_ok=True)
here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

lsock = socket.socket(); lsock.bind(('127.0.0.1', 0)); lsock.listen(64)
cport = lsock.getsockname()[1]
conns = {}  # key -> socket
acks = []
def accept_loop():
    while True:
        try:
            s, _ = lsock.accept()
        except OSError:
            return
        threading.Thread(target=read_conn, args=(s,), daemon=True).start()
def read_conn(s):
    f = s.makefile('r')
    key = None
    for line in f:
        m = json.loads(line)
        if m.get('type') == 'hello':
            key = 'server' if m['role'] == 'server' else 'client-%s' % m['id']
            conns[key] = s
        else:
            acks.append((key, m))
threading.Thread(target=accept_loop, daemon=True).start()

if args.port == 0:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 0)); args.port = u.getsockname()[1]; u.close()

events = collections.defaultdict(list)
procs = {}
def spawn(name, env):
    e = dict(os.environ, LANG='en_US.UTF-8', TEST_PORT=str(args.port), NETWRIGHT_CONTROL='127.0.0.1:%d' % cport,
             TEST_DURATION=str(args.seconds + 20))
    e.update(env)
    t0 = time.time()
    p = subprocess.Popen([args.godot, '--path', here], env=e, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    procs[name] = (p, t0)
    def rd(stream, tag):
        log = open(os.path.join(args.keep_logs, '%s.%s.log' % (name, tag)), 'w') if args.keep_logs else None
        for line in stream:
            if log: log.write(line)
            if line.startswith('[LOG_JSON]'):
                events[name].append(json.loads(line[10:]))
            elif tag == 'stderr' and 'locale' not in line and line.strip():
                print('%s stderr: %s' % (name, line.rstrip()))
    threading.Thread(target=rd, args=(p.stdout, 'stdout'), daemon=True).start()
    threading.Thread(target=rd, args=(p.stderr, 'stderr'), daemon=True).start()

import atexit
def _kill_leftovers():
    for n, (p, _) in procs.items():
        if p.poll() is None:
            p.kill()
            p.wait()
atexit.register(_kill_leftovers)

def kv(lst):
    return dict(x.split('=', 1) for x in lst)

t_start = time.time()
spawn('server', dict(kv(args.server_env), TEST_MODE='server'))
while not any(e['event'] == 'server_ready' for e in events['server']):
    if time.time() - t_start > 10: sys.exit('server not ready')
    time.sleep(0.01)
t_ready = time.time()
for i in range(1, args.clients + 1):
    spawn('client-%d' % i, dict(kv(args.env), TEST_MODE='client', TEST_CLIENT_ID=str(i), TEST_BEHAVIOR=args.behavior,
                                TEST_SEED=kv(args.env).get('TEST_SEED', str(100 + i))))
def all_first():
    return all(any(e['event'] == 'first_snapshot' for e in events['client-%d' % i]) for i in range(1, args.clients + 1))
while not all_first():
    if time.time() - t_ready > 15: print('not every client got a first snapshot'); break
    time.sleep(0.01)
t_all = time.time()
spawn_to_first = sorted(next(e['t'] for e in events[n] if e['event'] == 'first_snapshot') - procs[n][1] * 1000
                        for n in procs if n != 'server' and any(e['event'] == 'first_snapshot' for e in events[n]))
if spawn_to_first:
    print('client spawn -> first snapshot ms: min %.0f, median %.0f, max %.0f' % (
        spawn_to_first[0], spawn_to_first[len(spawn_to_first) // 2], spawn_to_first[-1]))
print('server ready %.0f ms after spawn; %d clients with first snapshot %.0f ms after server ready'
      % ((t_ready - t_start) * 1000, args.clients, (t_all - t_ready) * 1000))
cmds = sorted((float(c.split(':', 2)[0]), c.split(':', 2)[1], c.split(':', 2)[2]) for c in args.commands)
cpu0 = {n: open('/proc/%d/stat' % p.pid).read().split() for n, (p, _) in procs.items()}
t_cpu0 = time.time()
while time.time() - t_all < args.seconds:
    el = time.time() - t_all
    while cmds and cmds[0][0] <= el:
        _, who, js = cmds.pop(0)
        for k, s in list(conns.items()):
            if who == 'all' and k != 'server' or k == who:
                s.sendall((js + '\n').encode())
    time.sleep(0.02)
cpu1 = {n: open('/proc/%d/stat' % p.pid).read().split() for n, (p, _) in procs.items() if p.poll() is None}
dt = time.time() - t_cpu0
hz = os.sysconf('SC_CLK_TCK')
for n in cpu1:
    ticks = (int(cpu1[n][13]) + int(cpu1[n][14])) - (int(cpu0[n][13]) + int(cpu0[n][14]))
    rss = int(open('/proc/%d/statm' % procs[n][0].pid).read().split()[1]) * 4096 / 1e6
    print('%-10s cpu %.1f%% of a core, rss %.0f MB' % (n, 100.0 * ticks / hz / dt, rss))
# quit: clients first, then the server
t_q = time.time()
for k in sorted(conns, key=lambda k: k == 'server'):
    try: conns[k].sendall(b'{"cmd":"quit","seq":99}\n')
    except OSError: pass
    if k == 'client-%d' % args.clients: time.sleep(0.1)
for n, (p, _) in procs.items():
    try: p.wait(timeout=5)
    except subprocess.TimeoutExpired:
        print('%s did not quit, killing' % n); p.kill(); p.wait()
print('teardown %.0f ms' % ((time.time() - t_q) * 1000))
lsock.close()
time.sleep(0.1)
for n in sorted(events):
    cnt = collections.Counter(e['event'] for e in events[n])
    print(n, dict(cnt))
def last(n, ev):
    l = [e for e in events[n] if e['event'] == ev]
    return l[-1] if l else None
for n in sorted(events):
    if n.startswith('client'):
        s = last(n, 'client_stats')
        if s: print(n, {k: s[k] for k in ('received', 'full', 'delta', 'underruns', 'interp_warnings', 'baseline_mismatches', 'late', 'duplicates', 'reconnects', 'delay_mean_ms', 'delay_max_ms', 'kbps_in', 'rtt_ms', 'visible') if k in s})
    q = last(n, 'quit')
    print(n, 'quit', q and q['reason'], 'exit', procs[n][0].returncode)
ss = [e for e in events['server'] if e['event'] == 'snapshot_sent']
full = [e['bytes'] for e in ss if e['full']]; delta = [e['bytes'] for e in ss if not e['full']]
if ss:
    print('snapshots sent %d: full %d (mean %.1f B, max %d), delta %d (mean %.1f B, max %d)' % (
        len(ss), len(full), sum(full) / max(len(full), 1), max(full or [0]), len(delta),
        sum(delta) / max(len(delta), 1), max(delta or [0])))
ticks = [e for e in events['server'] if e['event'] == 'tick']
if ticks:
    print('tick mean %.3f ms, max %.3f ms' % (sum(t['duration_ms'] for t in ticks) / len(ticks), max(t['max_ms'] for t in ticks)))
print('acks:', [(k, m.get('cmd'), m.get('ok'), m.get('error')) for k, m in acks if m.get('cmd') != 'quit'][:20])
