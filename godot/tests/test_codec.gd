# Self-test for the pure parts (codec, world helpers, network simulator). Run:
#   godot3-server --path godot -s res://tests/test_codec.gd     (exit 0 = pass, 1 = failures listed)
extends SceneTree

const C = preload("res://scripts/codec.gd")
const W = preload("res://scripts/world.gd")
const NetSim = preload("res://scripts/netsim.gd")
const Config = preload("res://scripts/config.gd")

var failures = []
var checks = 0


func check(cond, what):
	checks += 1
	if not cond:
		failures.append(what)


func _init():
	test_roundtrips()
	test_truncation()
	test_checksum()
	test_world()
	test_netsim_seeded()
	if failures.empty():
		print("codec self-test: %d checks passed" % checks)
		quit(0)
	else:
		for f in failures:
			printerr("FAIL: " + f)
		print("codec self-test: %d of %d checks failed" % [failures.size(), checks])
		quit(1)


func test_roundtrips():
	var m = C.decode(C.hello(42))
	check(m.type == C.HELLO and m.client_id == 42, "hello roundtrip")
	m = C.decode(C.input(7, 5, Vector2(0.5, -1.0)))
	check(m.type == C.INPUT and m.seq == 7 and m.ack == 5 and m.dir == Vector2(0.5, -1.0), "input roundtrip")
	var wall = OS.get_system_time_msecs() + 0.25
	m = C.decode(C.ping(3, wall))
	check(m.type == C.PING and m.id == 3 and m.client_ms == wall, "ping keeps sub-ms unix time")
	m = C.decode(C.pong(3, wall, wall + 1.5))
	check(m.type == C.PONG and m.server_ms - m.client_ms == 1.5, "pong roundtrip")
	m = C.decode(C.welcome(9, 100, 200, 30))
	check(m.type == C.WELCOME and m.entity == 9 and m.qx == 100 and m.qy == 200 and m.tick_hz == 30, "welcome")
	m = C.decode(C.despawn(12))
	check(m.type == C.DESPAWN and m.entity == 12, "despawn")
	m = C.decode(C.full_req(1))
	check(m.type == C.FULL_REQ and m.reason == 1, "full_req")
	var entries = [[1, 16000, 8], [2, -128, 127, true], [C.MAX_ENTITY, 0, 65535, false]]
	entries[0].append(false)
	var bytes = C.snapshot(99, 97, wall, 1234, 55, 4321, entries, [4, 5])
	check(bytes.size() == C.SNAPSHOT_HEADER + 2 * C.ENTRY + C.ENTRY_REL + 2 * 2, "snapshot size")
	m = C.decode(bytes)
	check(m.type == C.SNAPSHOT and m.seq == 99 and m.baseline == 97 and m.server_ms == wall and m.tick == 1234
		and m.last_input == 55 and m.checksum == 4321, "snapshot header")
	check(m.entries == [[1, 16000, 8, false], [2, -128, 127, true], [C.MAX_ENTITY, 0, 65535, false]], "snapshot entries")
	check(m.removed == [4, 5], "snapshot removed")
	check(C.decode(C.snapshot(1, 0, wall, 1, 0, 0, [], [])).entries == [], "empty snapshot")


# Every strict prefix and every one-byte extension of a valid packet is rejected, never misread.
func test_checksum():
	var a = {1: [10, 20], 2: [30, 40]}
	var b = {2: [30, 40], 1: [10, 20]}
	check(C.state_checksum(a) == C.state_checksum(b), "checksum ignores order")
	check(C.state_checksum(a) != C.state_checksum({1: [10, 20], 2: [30, 41]}), "checksum sees a moved entity")
	check(C.state_checksum(a) != C.state_checksum({1: [10, 20]}), "checksum sees a missing entity")
	check(C.state_checksum({}) == 0, "empty state")
	var big = {C.MAX_ENTITY: [65535, 65535]}
	check(C.state_checksum(big) >= 0 and C.state_checksum(big) <= 0xFFFF, "checksum fits u16")


func test_truncation():
	var packets = [C.hello(1), C.input(1, 1, Vector2.ZERO), C.ping(1, 1.0), C.pong(1, 1.0, 2.0),
		C.welcome(1, 1, 1, 30), C.despawn(1), C.full_req(0),
		C.snapshot(5, 4, 1.0, 1, 1, 9, [[1, 2, 3, false], [2, 1, -1, true]], [7])]
	for p in packets:
		for n in range(p.size()):
			check(C.decode(p.subarray(0, n - 1) if n > 0 else PoolByteArray()).empty(), "prefix %d of type %d" % [n, p[0]])
		var longer = PoolByteArray(p)
		longer.append(0)
		check(C.decode(longer).empty(), "extended packet of type %d" % p[0])
	check(C.decode(PoolByteArray([200, 1, 2])).empty(), "unknown type")


func test_world():
	check(W.chunk_of(Vector2(255.99, 0)) == Vector2(0, 0) and W.chunk_of(Vector2(256, 0)) == Vector2(1, 0), "chunk edges")
	check(W.chunk_of(Vector2(-5, 99999)) == Vector2(0, W.CHUNKS_Y - 1), "chunk clamps")
	# floor quantisation keeps a position below a border in its chunk
	var x = 1023.99
	check(W.chunk_of(Vector2(W.dequant(W.quant(x)), 0)).x == W.chunk_of(Vector2(x, 0)).x, "quantised chunk agrees")
	check(W.inside_interest(Vector2(3, 3), 1, Vector2(3.5 * 256, 3.5 * 256), 40), "centre inside")
	check(not W.inside_interest(Vector2(3, 3), 1, Vector2(2 * 256 + 10, 3.5 * 256), 40), "near border excluded")
	check(W.inside_interest(Vector2(0, 0), 1, Vector2(2, 2), 40), "world edge has no margin")


func test_netsim_seeded():
	var cfg = Config.new()
	cfg.loss = 0.3
	cfg.lag_ms = 0.0
	cfg.dup = 0.2
	var a = _run_sim(cfg, 7)
	var b = _run_sim(cfg, 7)
	var c = _run_sim(cfg, 8)
	check(a == b, "same seed, same drops and duplicates")
	check(a != c, "other seed, other drops")
	check(a[0] > 200 and a[0] < 400, "loss near 30%% (dropped %d of 1000)" % a[0])
	var sim = NetSim.new()
	cfg.loss = 1.0
	sim.setup(cfg, 1)
	sim.submit("in", 1, PoolByteArray([C.HELLO, 0, 1]), true)
	check(sim.queue.size() == 1 and sim.dropped == 0, "reliable packets are never lost")


func _run_sim(cfg, seed_value):
	var sim = NetSim.new()
	sim.setup(cfg, seed_value)
	for i in range(1000):
		sim.submit("in", 1, PoolByteArray([C.INPUT]), false)
	return [sim.dropped, sim.duplicated, sim.queue.size()]
