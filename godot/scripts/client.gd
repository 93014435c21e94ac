# Client: sends input at NET_CFG_INPUT_HZ, syncs its clock to the server by ping/pong, rebuilds
# delta snapshots against its own history, keeps a jitter buffer and renders NET_CFG_INTERP_DELAY ms
# behind the server clock. Detects underruns, interpolation warnings and baseline mismatches.
#
#   SNAPSHOT -> decode -> rebuild (baseline from `states`) -> states (64, evict oldest)
#                                                        \-> jitter buffer (64, drop-oldest) -> render
extends Node

const Log = preload("res://scripts/log.gd")
const W = preload("res://scripts/world.gd")
const C = preload("res://scripts/codec.gd")
const NetSim = preload("res://scripts/netsim.gd")
const Behaviors = preload("res://scripts/behaviors.gd")
const Transport = preload("res://scripts/transport.gd")
const RenderMeter = preload("res://scripts/render_meter.gd")

const ATTEMPT_TIMEOUT_MS = 3000
const BUFFER_MAX = 64
const WARN_LINES_PER_S = 5
const FULL_REQ_INTERVAL_MS = 250
const VANISH_CONFIRM_MS = 500   # a DESPAWN (reliable) may arrive after the snapshot that dropped the entity

var cfg = null
var main = null
var net = null                 # transport.gd (UDP, own handshake and reliable channel)
var sim = null
var behavior = Behaviors.new()
var meter = RenderMeter.new()  # render-side metrics (render_stats, render_jump)

# connection
var connected = false
var connecting = false
var want_connected = true
var attempt = 0
var attempt_start = 0          # ticks ms
var session_start = 0          # ticks ms, first attempt of this (re)connection
var disconnected_at = 0        # ticks ms
var is_reconnect = false
var got_first = false
var entity_id = 0
var churn_disconnect_at = 0
var churn_reconnect_at = 0
var server_lost = false

# snapshots
var states = {}                # seq -> {t, tick, ents: {id: Vector2}}
var state_order = []
var newest_seq = 0
var last_input_acked = 0
var buffer = []                # jitter buffer, sorted by t: {seq, t, ents}
var playing = false
var in_underrun = false
var last_render_t = 0.0
var despawned = {}             # entity -> ticks ms
var vanish_pending = {}        # entity -> {seq, pos, at}: missing, waiting for a DESPAWN to excuse it
var own_pos = Vector2.ZERO     # newest authoritative position
var own_chunk = null
var render_pos = {}            # entity -> interpolated position
var last_full_req = -100000

# prediction
var pred_pos = Vector2.ZERO
var inputs = []                # [[seq, dir]] not yet acknowledged
var pred_err_sum = 0.0
var pred_err_n = 0

# clock sync
var ping_id = 0
var next_ping = 0
var pings_sent = 0
var clock_samples = []          # [[rtt, offset]]
var clock_offset = 0.0
var rtt = 0.0
var last_clock_log = -100000

# input
var input_seq = 0
var next_input = 0
var current_dir = Vector2.ZERO

# counters (cumulative unless noted)
var c = {"received": 0, "full": 0, "delta": 0, "underruns": 0, "interp_warnings": 0, "baseline_mismatches": 0,
	"late": 0, "duplicates": 0, "reconnects": 0, "inputs_sent": 0, "malformed": 0, "underrun_ms": 0.0}
var sec_delay_sum = 0.0
var sec_delay_max = 0.0
var sec_snapshots = 0
var sec_bytes = 0
var second_start = 0
var warn_budget = WARN_LINES_PER_S
var last_stats = {}


func _ready():
	if cfg.sim_active():
		sim = NetSim.new()
		sim.setup(cfg, hash([cfg.seed_value, cfg.client_id, "netsim"]))
	behavior.name = cfg.behavior   # set up for real once WELCOME gives the spawn point
	second_start = OS.get_ticks_msec()
	session_start = OS.get_ticks_msec()
	_connect()


# ---------------------------------------------------------------- connection

# The client binds loopback when it talks to a loopback server (never 0.0.0.0), any address otherwise.
func _bind_ip():
	return "127.0.0.1" if cfg.host.begins_with("127.") or cfg.host == "localhost" else "*"


func _connect():
	attempt += 1
	connecting = true
	attempt_start = OS.get_ticks_msec()
	net = Transport.new()
	var nonce = hash([cfg.seed_value, cfg.client_id, attempt, OS.get_ticks_usec()])
	var err = net.connect_to(cfg.host, cfg.port, _bind_ip(), cfg.peer_timeout_ms, nonce)
	Log.info("net", "connecting", {"host": cfg.host, "port": cfg.port, "attempt": attempt})
	if err != OK:
		Log.warn("net", "connection_failed", {"attempt": attempt, "error": err})
		_drop_peer()
		return


func _drop_peer():
	connecting = false
	connected = false
	if net != null:
		net.close()   # says goodbye when connected
	net = null


# Transport events -> the handlers below (handshake done, packets, server gone).
func _poll_net():
	if net == null:
		return
	var n = net
	for ev in n.poll():
		if n != net:
			return   # a handler dropped or replaced the connection
		if ev.type == "packet":
			_on_packet(ev.peer, ev.bytes)
		elif ev.type == "connected":
			_on_connected()
		else:
			_on_server_disconnected(ev.reason)


func _reset_session():
	states = {}
	state_order = []
	newest_seq = 0
	buffer = []
	playing = false
	in_underrun = false
	render_pos = {}
	inputs = []
	clock_samples = []
	got_first = false
	entity_id = 0
	vanish_pending = {}
	pings_sent = 0
	meter.reset()


func _on_connected():
	server_lost = false
	connecting = false
	connected = true
	_reset_session()
	var ms = OS.get_ticks_msec() - session_start
	Log.info("net", "client_connected", {"connect_ms": ms, "attempt_ms": OS.get_ticks_msec() - attempt_start,
		"reconnect": is_reconnect})
	Log.text("client %d connected to %s:%d in %d ms" % [cfg.client_id, cfg.host, cfg.port, ms])
	_send(C.hello(cfg.client_id), true)
	next_ping = 0


# The server went away (goodbye or silence): keep trying to reconnect until
# NET_CFG_CONNECT_TIMEOUT_MS, then quit.
func _on_server_disconnected(why):
	Log.warn("net", "disconnect", {"reason": "server", "transport": why})
	connected = false
	server_lost = true
	disconnected_at = OS.get_ticks_msec()
	session_start = OS.get_ticks_msec()
	_drop_peer()


func disconnect_now(reason):
	if not connected and not connecting:
		return false
	Log.info("net", "disconnect", {"reason": reason})
	_drop_peer()
	if sim != null:
		sim.forget(1)
	disconnected_at = OS.get_ticks_msec()
	return true


func reconnect_now():
	if connected or connecting:
		disconnect_now("reconnect")
	c.reconnects += 1
	is_reconnect = true
	want_connected = true
	Log.info("net", "reconnect", {"attempt": c.reconnects, "disconnected_ms": OS.get_ticks_msec() - disconnected_at})
	session_start = OS.get_ticks_msec()
	_connect()


func _check_connection(now):
	if connecting and (now - attempt_start > ATTEMPT_TIMEOUT_MS or now - session_start > cfg.connect_timeout_ms):
		Log.warn("net", "connection_failed", {"attempt": attempt, "reason": "attempt_timeout"})
		_drop_peer()
	if not connected and not connecting and want_connected:
		if now - session_start > cfg.connect_timeout_ms:
			Log.error("net", "connect_timeout", {"ms": now - session_start, "attempts": attempt})
			want_connected = false
			if server_lost:
				main.quit("server_lost", 0)
			else:
				main.quit("connect_timeout", 3)
			return
		if now - attempt_start > 500 and net == null:
			if server_lost and attempt_start < disconnected_at:
				c.reconnects += 1
				is_reconnect = true
				Log.info("net", "reconnect", {"attempt": c.reconnects, "disconnected_ms": now - disconnected_at})
			_connect()


# ---------------------------------------------------------------- packets

func _send(bytes, reliable):
	if sim != null:
		sim.submit("out", 1, bytes, reliable)
	else:
		_send_now(bytes, reliable)


func _send_now(bytes, reliable):
	if not connected or net == null:
		return
	net.send(1, bytes, reliable)


func _on_packet(_id, bytes):
	if sim != null:
		sim.submit("in", 1, bytes, bytes.size() > 0 and C.is_reliable(bytes[0]))
	else:
		_handle(bytes)


func _handle(bytes):
	if not connected:
		return
	var m = C.decode(bytes)
	if m.empty():
		c.malformed += 1
		Log.warn("net", "malformed_packet", {"bytes": bytes.size(), "count": c.malformed})
		return
	if m.type == C.SNAPSHOT:
		_on_snapshot(m, bytes.size())
	elif m.type == C.PONG:
		_on_pong(m)
	elif m.type == C.WELCOME:
		entity_id = m.entity
		meter.own_id = entity_id
		var spawn = Vector2(W.dequant(m.qx), W.dequant(m.qy))
		own_pos = spawn
		pred_pos = spawn
		if not is_reconnect:
			behavior.setup(behavior.name, cfg, spawn, OS.get_system_time_msecs())
		Log.info("net", "welcome", {"entity": entity_id, "spawn": Log.v2(spawn)})
	elif m.type == C.DESPAWN:
		despawned[m.entity] = OS.get_ticks_msec()


func _on_pong(m):
	var now = Log.wall_ms()
	var r = now - m.client_ms
	var off = m.server_ms - (m.client_ms + r / 2.0)
	clock_samples.append([r, off])
	if clock_samples.size() > 16:
		clock_samples.pop_front()
	var best = clock_samples[0]
	for s in clock_samples:
		if s[0] < best[0]:
			best = s
	rtt = r
	clock_offset = best[1]
	var t = OS.get_ticks_msec()
	if t - last_clock_log >= 5000:
		last_clock_log = t
		Log.info("net", "clock_sync", {"offset_ms": stepify(clock_offset, 0.01), "rtt_ms": stepify(best[0], 0.01)})


func _warn_line(event, fields):
	if warn_budget > 0:
		warn_budget -= 1
		Log.warn("net", event, fields)


func _on_snapshot(m, size):
	var now_wall = Log.wall_ms()
	var seq = m.seq
	if states.has(seq):
		c.duplicates += 1
		return
	var q = {}   # entity -> [qx, qy], the exact quantised state deltas are built against
	var base = null
	if m.baseline != 0:
		if not states.has(m.baseline):
			c.baseline_mismatches += 1
			Log.warn("net", "baseline_mismatch", {"seq": seq, "baseline": m.baseline, "reason": "missing_baseline",
				"oldest_held": state_order[0] if not state_order.empty() else 0, "newest_held": newest_seq, "where": "res://scripts/client.gd:_on_snapshot"})
			_request_full("baseline_mismatch", 1)
			return
		base = states[m.baseline].q
		for id in base:
			q[id] = base[id]
		for id in m.removed:
			q.erase(id)
	for e in m.entries:
		if e[3]:
			if base == null or not base.has(e[0]):
				c.malformed += 1
				Log.warn("net", "malformed_packet", {"bytes": size, "count": c.malformed, "reason": "relative entry without base"})
				return
			q[e[0]] = [base[e[0]][0] + e[1], base[e[0]][1] + e[2]]
		else:
			q[e[0]] = [e[1], e[2]]
	if C.state_checksum(q) != m.checksum:
		# the rebuilt state is not the one the server described: never use it as a baseline
		c.baseline_mismatches += 1
		Log.warn("net", "baseline_mismatch", {"seq": seq, "baseline": m.baseline, "reason": "checksum",
			"oldest_held": state_order[0] if not state_order.empty() else 0, "newest_held": newest_seq, "where": "res://scripts/client.gd:_on_snapshot"})
		_request_full("checksum", 2)
		return
	var ents = {}
	for id in q:
		ents[id] = Vector2(W.dequant(q[id][0]), W.dequant(q[id][1]))
	var st = {"seq": seq, "t": m.server_ms, "tick": m.tick, "ents": ents, "q": q}
	var prev = states.get(newest_seq) if newest_seq > 0 and seq > newest_seq else null
	states[seq] = st
	state_order.append(seq)
	if state_order.size() > cfg.client_history:
		states.erase(state_order.pop_front())
	meter.add_state(m.server_ms, ents)
	var full = m.baseline == 0
	var delay = now_wall - m.server_ms
	c.received += 1
	if full:
		c.full += 1
	else:
		c.delta += 1
	sec_snapshots += 1
	sec_bytes += size
	sec_delay_sum += delay
	sec_delay_max = max(sec_delay_max, delay)
	if cfg.log_packets:
		Log.info("net", "snapshot_received", {"seq": seq, "baseline": m.baseline, "bytes": size, "full": full,
			"delay_ms": stepify(delay, 0.01), "entities": ents.size()})
	if not got_first:
		got_first = true
		Log.info("net", "first_snapshot", {"ms_since_connect": OS.get_ticks_msec() - session_start, "seq": seq,
			"full": full, "reconnect": is_reconnect})
		if behavior.name == "churn":
			_schedule_churn_disconnect()
	_check_interest(st, prev)
	if seq > newest_seq:
		newest_seq = seq
		last_input_acked = m.last_input
		if entity_id != 0 and ents.has(entity_id):
			own_pos = ents[entity_id]
			_reconcile()
			var ch = W.chunk_of(own_pos)
			if own_chunk != null and ch != own_chunk:
				Log.info("world", "chunk_change", {"from": Log.c2(own_chunk), "to": Log.c2(ch), "pos": Log.v2(own_pos)})
			own_chunk = ch
	# jitter buffer, ordered and played by the server's tick time (NET_CFG_JITTER_CLOCK=arrival, a planted
	# bug: by arrival time, so network and frame jitter reach the screen)
	var play = st
	if cfg.jitter_clock == "arrival":
		play = {"seq": seq, "t": now_wall + clock_offset, "tick": m.tick, "ents": ents, "q": q}
	if playing and play.t <= last_render_t:   # too late to be rendered
		c.late += 1
		return
	var i = buffer.size()
	while i > 0 and buffer[i - 1].t > play.t:
		i -= 1
	buffer.insert(i, play)
	if buffer.size() > BUFFER_MAX:
		buffer.pop_front()


func _request_full(reason, code):
	var now = OS.get_ticks_msec()
	if now - last_full_req < FULL_REQ_INTERVAL_MS:
		return
	last_full_req = now
	Log.info("net", "full_requested", {"reason": reason})
	_send(C.full_req(code), true)


# Interpolation warnings: the own player must be in every snapshot; an entity that was well inside
# the interest area in the previous snapshot must not vanish unless the server despawned it.
func _check_interest(st, prev):
	if entity_id == 0:
		return
	if not st.ents.has(entity_id):
		c.interp_warnings += 1
		_warn_line("interp_warning", {"entity": entity_id, "seq": st.seq, "reason": "own_missing", "pos": Log.v2(own_pos)})
		return
	if prev == null or st.seq - prev.seq > 3:
		return
	var center = W.chunk_of(st.ents[entity_id])
	var margin = W.SPEED / W.TICK_HZ * (st.seq - prev.seq) * 2.0 + W.RADIUS * 2.0
	for id in prev.ents:
		if st.ents.has(id) or despawned.has(id):
			continue
		var p = prev.ents[id]
		if W.inside_interest(center, cfg.interest_radius, p, margin) and not vanish_pending.has(id):
			vanish_pending[id] = {"seq": st.seq, "pos": p, "at": OS.get_ticks_msec()}


func _confirm_vanished(now):
	if vanish_pending.empty():
		return
	var done = []
	for id in vanish_pending:
		var v = vanish_pending[id]
		if despawned.has(id):
			done.append(id)
		elif now - v.at >= VANISH_CONFIRM_MS + rtt:
			done.append(id)
			c.interp_warnings += 1
			_warn_line("interp_warning", {"entity": id, "seq": v.seq, "reason": "vanished", "pos": Log.v2(v.pos)})
	for id in done:
		vanish_pending.erase(id)


# ---------------------------------------------------------------- prediction

func _reconcile():
	while not inputs.empty() and inputs[0][0] <= last_input_acked:
		inputs.pop_front()
	if not cfg.prediction:
		return
	var p = own_pos
	var step = W.SPEED / cfg.input_hz
	for inp in inputs:
		p = W.clamp_pos(p + inp[1] * step)
	pred_err_sum += p.distance_to(pred_pos)
	pred_err_n += 1
	pred_pos = p


# ---------------------------------------------------------------- frame

func _process(delta):
	var now = OS.get_ticks_msec()
	_poll_net()
	if sim != null:
		for item in sim.due():
			if item.dir == "out":
				_send_now(item.bytes, item.reliable)
			else:
				_handle(item.bytes)
	_check_connection(now)
	_churn(now)
	_confirm_vanished(now)
	if connected:
		if now >= next_ping:
			ping_id += 1
			pings_sent += 1
			_send(C.ping(ping_id, Log.wall_ms()), false)
			next_ping = now + (50 if pings_sent < 8 else 200)
		if now >= next_input and entity_id != 0:
			# stress_test floods: at least 60 inputs/s whatever NET_CFG_INPUT_HZ says
			var hz = max(cfg.input_hz, 60.0) if behavior.name == "stress_test" else cfg.input_hz
			next_input = max(now, next_input + 1000.0 / hz)
			_send_input(now)
		if cfg.prediction:
			pred_pos = W.clamp_pos(pred_pos + current_dir * W.SPEED * delta)
		_render(delta * 1000.0)
	if now - second_start >= 1000:
		_second(now)


func _send_input(_now):
	var pos = pred_pos if cfg.prediction else own_pos
	current_dir = behavior.direction(pos, OS.get_system_time_msecs())
	if current_dir.length() > 1.0:
		current_dir = current_dir.normalized()
	input_seq += 1
	inputs.append([input_seq, current_dir])
	if inputs.size() > 256:
		inputs.pop_front()
	c.inputs_sent += 1
	_send(C.input(input_seq, newest_seq, current_dir), false)


func _render(frame_ms):
	if not playing:
		if buffer.size() >= cfg.jitter_buf:
			playing = true
		else:
			return
	if buffer.empty():
		return
	var server_now = Log.wall_ms() + clock_offset
	var rt = server_now - cfg.interp_delay_ms
	while buffer.size() >= 2 and buffer[1].t <= rt:
		buffer.pop_front()
	var newest = buffer[buffer.size() - 1]
	if rt > last_render_t:  # (no max(): GDScript math built-ins round to float32, too coarse for unix ms)
		last_render_t = rt
	var starved_before = c.underrun_ms
	var alpha = null
	if rt > newest.t:
		if in_underrun:
			c.underrun_ms += frame_ms
		else:
			in_underrun = true
			c.underruns += 1
			_warn_line("underrun", {"behind_ms": stepify(rt - newest.t, 0.01), "buffered": buffer.size(),
				"interp_delay_ms": cfg.interp_delay_ms, "seq": newest.seq})
		render_pos = newest.ents
	else:
		in_underrun = false
		var a = buffer[0]
		if buffer.size() < 2 or rt <= a.t:
			render_pos = a.ents
		else:
			var b = buffer[1]
			var span = b.t - a.t
			alpha = (rt - a.t) / span if abs(span) > 0.001 else 1.0
			if cfg.interpolation:
				var out = {}
				for id in b.ents:
					if a.ents.has(id):
						out[id] = a.ents[id].linear_interpolate(b.ents[id], alpha)
					else:
						out[id] = b.ents[id]
				render_pos = out
			else:
				render_pos = a.ents
	meter.frame(rt, render_pos, alpha, c.underrun_ms - starved_before)


# ---------------------------------------------------------------- churn

func _schedule_churn_disconnect():
	churn_disconnect_at = OS.get_ticks_msec() + int(behavior.rng.randf_range(3000.0, 6000.0))


func _churn(now):
	if behavior.name != "churn":
		churn_disconnect_at = 0
		churn_reconnect_at = 0
		return
	if churn_disconnect_at > 0 and now >= churn_disconnect_at and connected:
		churn_disconnect_at = 0
		disconnect_now("churn")
		want_connected = false
		churn_reconnect_at = now + int(behavior.rng.randf_range(500.0, 1500.0))
	elif churn_reconnect_at > 0 and now >= churn_reconnect_at:
		churn_reconnect_at = 0
		reconnect_now()


# ---------------------------------------------------------------- stats and control

func _second(now):
	var elapsed = (now - second_start) / 1000.0
	second_start = now
	warn_budget = WARN_LINES_PER_S
	var s = c.duplicate()
	s["underrun_ms"] = stepify(c.underrun_ms, 0.1)
	s["delay_mean_ms"] = stepify(sec_delay_sum / max(sec_snapshots, 1), 0.01)
	s["delay_max_ms"] = stepify(sec_delay_max, 0.01)
	s["kbps_in"] = stepify(sec_bytes * 8.0 / 1000.0 / elapsed, 0.01)
	s["snapshots"] = sec_snapshots
	s["rtt_ms"] = stepify(rtt, 0.01)
	s["clock_offset_ms"] = stepify(clock_offset, 0.01)
	s["buffered"] = buffer.size()
	s["pos"] = Log.v2(pred_pos if cfg.prediction else own_pos)
	s["chunk"] = Log.c2(W.chunk_of(own_pos))
	s["visible"] = render_pos.size()
	s["connected"] = connected
	s["behavior"] = behavior.name
	if cfg.prediction:
		s["prediction_error"] = stepify(pred_err_sum / max(pred_err_n, 1), 0.01)
		pred_err_sum = 0.0
		pred_err_n = 0
	if connected:
		Log.info("net", "client_stats", s)
	last_stats = s
	sec_delay_sum = 0.0
	sec_delay_max = 0.0
	sec_snapshots = 0
	sec_bytes = 0
	if sim != null:
		Log.info("sim", "sim_stats", sim.stats())
	if connected:
		meter.second(cfg.interpolation, cfg.jitter_clock)
	var dead = []
	for id in despawned:
		if now - despawned[id] > 5000:
			dead.append(id)
	for id in dead:
		despawned.erase(id)


func stats():
	return last_stats


func handle_command(cmd, msg):
	match cmd:
		"set_behavior":
			var b = str(msg.get("behavior", ""))
			if not b in cfg.BEHAVIORS:
				return "unknown behavior '%s'" % b
			var from = behavior.name
			behavior.setup(b, cfg, own_pos, OS.get_system_time_msecs())
			Log.info("behavior", "behavior_changed", {"from": from, "to": b})
			if b == "churn" and connected:
				_schedule_churn_disconnect()
			return ""
		"move_to":
			var x = msg.get("x")
			var y = msg.get("y")
			if typeof(x) != TYPE_REAL and typeof(x) != TYPE_INT or typeof(y) != TYPE_REAL and typeof(y) != TYPE_INT:
				return "move_to needs numeric x and y"
			var from = behavior.name
			behavior.move_to(W.clamp_pos(Vector2(x, y)))
			Log.info("behavior", "behavior_changed", {"from": from, "to": "move_to", "target": [x, y]})
			return ""
		"disconnect":
			want_connected = false
			churn_reconnect_at = 0
			if not disconnect_now("control"):
				return "not connected"
			return ""
		"reconnect":
			reconnect_now()
			return ""
	return "unknown command '%s'" % cmd


func shutdown():
	want_connected = false
	if net != null:
		_drop_peer()
