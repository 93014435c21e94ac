# Authoritative server: fixed 30 Hz tick, movement + collisions in a chunked world, interest
# management, delta-compressed unreliable snapshots, per-peer bandwidth accounting.
extends Node

const Log = preload("res://scripts/log.gd")
const W = preload("res://scripts/world.gd")
const C = preload("res://scripts/codec.gd")
const NetSim = preload("res://scripts/netsim.gd")
const Transport = preload("res://scripts/transport.gd")

const TICK_US = 1000000 / W.TICK_HZ
const MAX_CATCHUP = 5

var cfg = null
var main = null
var net = null         # transport.gd (UDP, own handshake and reliable channel)
var sim = null
var entities = {}      # entity id -> {id, pos, dir, peer, client_id, chunk}
var peers = {}         # peer id -> per-peer state (see _new_peer)
var last_pos = {}      # client_id -> last position (a reconnecting client resumes there)
var next_entity = 1
var tick = 0
var epoch_wall = 0.0   # wall ms of tick 0: tick n is stamped epoch_wall + n * TICK_MS (its scheduled time)
var acc_us = 0
var last_us = 0
var second_start = 0
var tick_count = 0
var tick_sum_ms = 0.0
var tick_max_ms = 0.0
var collisions = 0
var late_ticks = 0
var malformed = 0


func _ready():
	net = Transport.new()
	var err = net.listen(cfg.port, "127.0.0.1", cfg.peer_timeout_ms)
	if err != OK:
		printerr("netwright-demo: cannot bind UDP 127.0.0.1:%d (error %d)" % [cfg.port, err])
		Log.error("net", "bind_failed", {"port": cfg.port, "error": err})
		net = null
		main.quit("bind_failed", 2)
		return
	if cfg.sim_active():
		sim = NetSim.new()
		sim.setup(cfg, cfg.seed_value)
	last_us = OS.get_ticks_usec()
	epoch_wall = Log.wall_ms()
	second_start = OS.get_ticks_msec()
	Log.info("net", "server_ready", {"port": cfg.port, "tick_hz": W.TICK_HZ, "world": [W.WORLD_W, W.WORLD_H],
		"chunk_size": W.CHUNK, "interest_radius": cfg.interest_radius, "startup_ms": OS.get_ticks_msec()})
	Log.text("server listening on 127.0.0.1:%d" % cfg.port)


func _new_peer():
	return {"entity": 0, "client_id": 0, "seq": 0, "acked": 0, "history": {}, "order": [], "want_full": "",
		"last_input": 0, "sent": 0, "full": 0, "delta": 0, "bytes": 0, "full_bytes": 0, "delta_bytes": 0,
		"max_bytes": 0, "ent_sum": 0, "inputs": 0, "total_bytes": 0}


func _on_peer_connected(id):
	peers[id] = _new_peer()
	Log.info("net", "peer_connected", {"peer": id})


func _on_peer_disconnected(id, reason):
	if not peers.has(id):
		return
	var p = peers[id]
	peers.erase(id)
	if sim != null:
		sim.forget(id)
	if p.entity != 0 and entities.has(p.entity):
		last_pos[p.client_id] = entities[p.entity].pos
		entities.erase(p.entity)
		for other in peers:
			_send(other, C.despawn(p.entity), true)
	Log.info("net", "peer_disconnected", {"peer": id, "client_id": p.client_id, "entity": p.entity,
		"reason": reason})


func _send(peer_id, bytes, reliable):
	if sim != null:
		sim.submit("out", peer_id, bytes, reliable)
	else:
		_send_now(peer_id, bytes, reliable)


func _send_now(peer_id, bytes, reliable):
	if not peers.has(peer_id) or net == null:
		return
	net.send(peer_id, bytes, reliable)


func _on_packet(id, bytes):
	if sim != null:
		sim.submit("in", id, bytes, bytes.size() > 0 and C.is_reliable(bytes[0]))
	else:
		_handle(id, bytes)


func _handle(id, bytes):
	if not peers.has(id):
		return
	var m = C.decode(bytes)
	if m.empty():
		malformed += 1
		Log.warn("net", "malformed_packet", {"peer": id, "bytes": bytes.size(), "count": malformed})
		return
	var p = peers[id]
	if m.type == C.HELLO:
		_on_hello(id, p, m.client_id)
	elif m.type == C.INPUT:
		p.inputs += 1
		if p.entity != 0 and m.seq > p.last_input and entities.has(p.entity):
			p.last_input = m.seq
			var d = m.dir
			if d.length() > 1.0:
				d = d.normalized()
			entities[p.entity].dir = d
		if m.ack > p.acked and p.history.has(m.ack):
			p.acked = m.ack
	elif m.type == C.PING:
		_send(id, C.pong(m.id, m.client_ms, Log.wall_ms()), false)
	elif m.type == C.FULL_REQ:
		var reason = C.FULL_REASONS[m.reason] if m.reason < C.FULL_REASONS.size() else "unknown"
		p.want_full = "requested"
		Log.info("net", "full_request", {"peer": id, "client_id": p.client_id, "reason": reason})


func _on_hello(id, p, client_id):
	if p.entity != 0:
		return
	var reconnect = last_pos.has(client_id)
	var spawn
	if reconnect:
		spawn = last_pos[client_id]
	else:
		var rng = RandomNumberGenerator.new()
		rng.seed = hash([cfg.seed_value, client_id, "spawn"])
		spawn = Vector2(rng.randf_range(128.0, W.WORLD_W - 128.0), rng.randf_range(128.0, W.WORLD_H - 128.0))
	var eid = next_entity
	next_entity += 1
	if next_entity > C.MAX_ENTITY:
		next_entity = 1
	entities[eid] = {"id": eid, "pos": spawn, "dir": Vector2.ZERO, "peer": id, "client_id": client_id,
		"chunk": W.chunk_of(Vector2(W.dequant(W.quant(spawn.x)), W.dequant(W.quant(spawn.y))))}
	p.entity = eid
	p.client_id = client_id
	_send(id, C.welcome(eid, W.quant(spawn.x), W.quant(spawn.y), W.TICK_HZ), true)
	Log.info("net", "client_hello", {"peer": id, "client_id": client_id, "entity": eid, "spawn": Log.v2(spawn),
		"reconnect": reconnect})


func _process(_delta):
	if net == null:
		return
	for ev in net.poll():
		if ev.type == "packet":
			_on_packet(ev.peer, ev.bytes)
		elif ev.type == "connected":
			_on_peer_connected(ev.peer)
		else:
			_on_peer_disconnected(ev.peer, ev.reason)
	if sim != null:
		for item in sim.due():
			if item.dir == "out":
				_send_now(item.peer, item.bytes, item.reliable)
			else:
				_handle(item.peer, item.bytes)
	var now = OS.get_ticks_usec()
	acc_us += now - last_us
	last_us = now
	var n = 0
	while acc_us >= TICK_US and n < MAX_CATCHUP:
		_tick()
		acc_us -= TICK_US
		n += 1
	if acc_us >= TICK_US:
		var skipped = acc_us / TICK_US
		late_ticks += skipped
		epoch_wall += skipped * TICK_US / 1000.0
		acc_us = acc_us % TICK_US
	if OS.get_ticks_msec() - second_start >= 1000:
		_second()


func _tick():
	var t0 = OS.get_ticks_usec()
	tick += 1
	var step = W.SPEED / W.TICK_HZ
	for e in entities.values():
		e.pos = W.clamp_pos(e.pos + e.dir * step)
	_collide()
	for e in entities.values():
		# the chunk of the position clients will see (quantised), so both sides agree on interest
		var c = W.chunk_of(Vector2(W.dequant(W.quant(e.pos.x)), W.dequant(W.quant(e.pos.y))))
		if c != e.chunk:
			Log.info("world", "chunk_change", {"entity": e.id, "client_id": e.client_id, "from": Log.c2(e.chunk),
				"to": Log.c2(c), "pos": Log.v2(e.pos)})
			e.chunk = c
	var server_ms = epoch_wall + tick * TICK_US / 1000.0
	for id in peers:
		var p = peers[id]
		if p.entity != 0 and entities.has(p.entity):
			_snapshot(id, p, server_ms)
	var ms = (OS.get_ticks_usec() - t0) / 1000.0
	tick_count += 1
	tick_sum_ms += ms
	tick_max_ms = max(tick_max_ms, ms)


func _collide():
	var list = entities.values()
	var min_d = W.RADIUS * 2.0
	for i in range(list.size()):
		for j in range(i + 1, list.size()):
			var a = list[i]
			var b = list[j]
			var d = b.pos - a.pos
			var dist = d.length()
			if dist < min_d:
				collisions += 1
				var push = d.normalized() if dist > 0.001 else Vector2(1, 0)
				var overlap = (min_d - dist) * 0.5
				a.pos = W.clamp_pos(a.pos - push * overlap)
				b.pos = W.clamp_pos(b.pos + push * overlap)


func _visible_for(p):
	var own = entities[p.entity]
	var r = cfg.interest_radius
	var vis = {}
	for e in entities.values():
		if abs(e.chunk.x - own.chunk.x) <= r and abs(e.chunk.y - own.chunk.y) <= r:
			vis[e.id] = [W.quant(e.pos.x), W.quant(e.pos.y)]
	return vis


func _snapshot(id, p, server_ms):
	var vis = _visible_for(p)
	p.seq += 1
	var seq = p.seq
	var baseline = 0
	var reason = ""
	if p.want_full != "":
		reason = p.want_full
		p.want_full = ""
	elif p.acked == 0:
		reason = "first" if seq == 1 else "no_ack"
	elif not p.history.has(p.acked):
		reason = "evicted"
	else:
		baseline = p.acked
	var entries = []
	var removed = []
	if baseline == 0:
		for eid in vis:
			entries.append([eid, vis[eid][0], vis[eid][1], false])
	else:
		var base = p.history[baseline]
		for eid in vis:
			var q = vis[eid]
			if not base.has(eid):
				entries.append([eid, q[0], q[1], false])
				continue
			var dx = q[0] - base[eid][0]
			var dy = q[1] - base[eid][1]
			if dx == 0 and dy == 0:
				continue
			if dx >= -128 and dx <= 127 and dy >= -128 and dy <= 127:
				entries.append([eid, dx, dy, true])
			else:
				entries.append([eid, q[0], q[1], false])
		for eid in base:
			if not vis.has(eid):
				removed.append(eid)
	var bytes = C.snapshot(seq, baseline, server_ms, tick, p.last_input, C.state_checksum(vis), entries, removed)
	p.history[seq] = vis
	p.order.append(seq)
	if p.order.size() > W.SERVER_HISTORY:
		p.history.erase(p.order.pop_front())
	_send(id, bytes, false)
	var size = bytes.size()
	p.sent += 1
	p.bytes += size
	p.total_bytes += size
	p.max_bytes = max(p.max_bytes, size)
	p.ent_sum += vis.size()
	if baseline == 0:
		p.full += 1
		p.full_bytes += size
	else:
		p.delta += 1
		p.delta_bytes += size
	if cfg.log_packets or baseline == 0:
		var f = {"peer": id, "client_id": p.client_id, "seq": seq, "bytes": size, "full": baseline == 0,
			"baseline": baseline, "entities": vis.size()}
		if baseline == 0:
			f["reason"] = reason
		Log.info("net", "snapshot_sent", f)


func _second():
	var elapsed = (OS.get_ticks_msec() - second_start) / 1000.0
	second_start = OS.get_ticks_msec()
	for id in peers:
		var p = peers[id]
		if p.entity == 0:
			continue   # connected but no HELLO yet: not a client (yet), nothing sent to it
		Log.info("net", "peer_stats", {"peer": id, "client_id": p.client_id, "sent": p.sent, "full": p.full,
			"delta": p.delta, "bytes": p.bytes, "kbps": stepify(p.bytes * 8.0 / 1000.0 / elapsed, 0.01),
			"full_bytes_mean": stepify(p.full_bytes / float(max(p.full, 1)), 0.1),
			"delta_bytes_mean": stepify(p.delta_bytes / float(max(p.delta, 1)), 0.1), "max_bytes": p.max_bytes,
			"entities_mean": stepify(p.ent_sum / float(max(p.sent, 1)), 0.1), "acked_seq": p.acked,
			"inputs": p.inputs, "total_bytes": p.total_bytes})
		for k in ["sent", "full", "delta", "bytes", "full_bytes", "delta_bytes", "max_bytes", "ent_sum", "inputs"]:
			p[k] = 0
	Log.info("tick", "tick", {"count": tick_count, "duration_ms": stepify(tick_sum_ms / max(tick_count, 1), 0.001),
		"max_ms": stepify(tick_max_ms, 0.001), "entities": entities.size(), "peers": peers.size(),
		"collisions": collisions, "late_ticks": late_ticks, "tick": tick})
	tick_count = 0
	tick_sum_ms = 0.0
	tick_max_ms = 0.0
	collisions = 0
	if sim != null:
		Log.info("sim", "sim_stats", sim.stats())


func stats():
	var s = {"tick": tick, "entities": entities.size(), "peers": peers.size(), "late_ticks": late_ticks,
		"malformed": malformed}
	if net != null:
		s["transport"] = net.stats
	return s


func handle_command(cmd, _msg):
	return "unknown command for the server: '%s'" % cmd


func shutdown():
	if net != null:
		net.close()   # a goodbye to every client
		net = null
