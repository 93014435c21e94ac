# Self-test for scripts/transport.gd over real loopback UDP sockets: handshake, reliable delivery
# exactly once through resends, unreliable pass-through, goodbye, timeout, a reconnect from the same
# address, malformed and foreign datagrams. Run:
#   TRANSPORT_TEST_PORT=47300 godot3-server --path godot -s res://tests/test_transport.gd
# (exit 0 = pass, 1 = failures listed on stderr)
extends SceneTree

const Transport = preload("res://scripts/transport.gd")

var failures = []
var checks = 0
var port = 47300


func check(cond, what):
	checks += 1
	if not cond:
		failures.append(what)


func _init():
	var p = OS.get_environment("TRANSPORT_TEST_PORT")
	if p != "":
		port = int(p)
	var server = Transport.new()
	check(server.listen(port, "127.0.0.1", 400) == OK, "server binds 127.0.0.1:%d" % port)
	test_session(server)
	test_raw_peers(server)
	server.close()
	if failures.empty():
		print("transport self-test: %d checks passed" % checks)
		quit(0)
	else:
		for f in failures:
			printerr("FAIL: " + f)
		print("transport self-test: %d of %d checks failed" % [failures.size(), checks])
		quit(1)


# Polls every transport for `ms`, collecting their events (one list per transport).
func pump(list, ms):
	var out = []
	for _t in list:
		out.append([])
	var until = OS.get_ticks_msec() + ms
	while OS.get_ticks_msec() < until:
		for i in range(list.size()):
			if list[i] != null:
				out[i] += list[i].poll()
		OS.delay_msec(2)
	return out


func types(events):
	var t = []
	for e in events:
		t.append(e.type if e.type != "disconnected" else "disconnected:" + e.reason)
	return t


func test_session(server):
	var client = Transport.new()
	check(client.connect_to("127.0.0.1", port, "127.0.0.1", 5000, 42) == OK, "client starts connecting")
	var ev = pump([server, client], 150)
	check(types(ev[0]) == ["connected"], "server sees one connect (got %s)" % [types(ev[0])])
	check(types(ev[1]) == ["connected"], "client connected once (got %s)" % [types(ev[1])])
	check(client.is_connected_to_server(), "client state connected")
	var sid = ev[0][0].peer if not ev[0].empty() else -1

	# 20 reliable messages while the server is not polled: copies pile up, each arrives exactly once.
	for i in range(20):
		client.send(1, PoolByteArray([1, i]), true)
	pump([null, client], 350)
	check(client.stats.resent >= 20, "unacked messages are resent (resent %d)" % client.stats.resent)
	ev = pump([server, client], 250)
	var got = []
	for e in ev[0]:
		if e.type == "packet":
			got.append(e.bytes[1])
	var want = []
	for i in range(20):
		want.append(i)
	got.sort()
	check(got == want, "each reliable message delivered exactly once (got %s)" % [got])
	check(types(ev[1]) == [], "client events while acked: none (got %s)" % [types(ev[1])])
	check(client.peers.has(1) and client.peers[1].unacked.empty(), "every reliable message acked")

	# Unreliable messages pass straight through, both ways.
	server.send(sid, PoolByteArray([11, 7, 7]), false)
	client.send(1, PoolByteArray([2, 9]), false)
	ev = pump([server, client], 50)
	check(ev[1].size() == 1 and ev[1][0].bytes == PoolByteArray([11, 7, 7]), "server -> client unreliable")
	check(ev[0].size() == 1 and ev[0][0].bytes == PoolByteArray([2, 9]), "client -> server unreliable")

	# Goodbye: the server drops the peer at once, with reason bye.
	client.close()
	ev = pump([server], 50)
	check(types(ev[0]) == ["disconnected:bye"], "goodbye seen (got %s)" % [types(ev[0])])
	check(server.peers.empty(), "server forgot the peer")

	# A client whose server goes silent times out.
	var lonely = Transport.new()
	lonely.connect_to("127.0.0.1", port, "127.0.0.1", 300, 43)
	ev = pump([server, lonely], 100)
	check(types(ev[1]) == ["connected"], "second client connected")
	ev = pump([lonely], 450)
	check(types(ev[0]) == ["disconnected:timeout"], "client notices a silent server (got %s)" % [types(ev[0])])
	check(not lonely.is_connected_to_server(), "client state closed after the timeout")
	ev = pump([server], 450)
	check(types(ev[0]) == ["disconnected:timeout"], "server drops a silent peer (got %s)" % [types(ev[0])])
	lonely.close()

	# A client that gives up connecting before it saw the ACCEPT (a starved client's 3 s attempt
	# timeout) says goodbye, so the server does not keep a half-open peer until its timeout.
	var quitter = Transport.new()
	quitter.connect_to("127.0.0.1", port, "127.0.0.1", 5000, 44)
	quitter.poll()   # sends CONNECT; the ACCEPT is never read
	ev = pump([server], 50)
	check(types(ev[0]) == ["connected"], "server accepted the quitter (got %s)" % [types(ev[0])])
	quitter.close()
	ev = pump([server], 100)
	check(types(ev[0]) == ["disconnected:bye"], "abandoned attempt says goodbye (got %s)" % [types(ev[0])])
	check(server.peers.empty(), "no half-open peer left")


func frame(type, value):
	var b = StreamPeerBuffer.new()
	b.big_endian = false
	b.put_u8(type)
	b.put_u32(value)
	return b.data_array


func test_raw_peers(server):
	var raw = PacketPeerUDP.new()
	raw.listen(0, "127.0.0.1")
	raw.set_dest_address("127.0.0.1", port)
	# Not connected: a codec message is ignored and counted as foreign.
	var foreign = server.stats.foreign
	raw.put_packet(PoolByteArray([2, 1, 2, 3]))
	var ev = pump([server], 30)
	check(ev[0].empty() and server.stats.foreign == foreign + 1, "datagram before CONNECT ignored")
	# Malformed frames are counted, never fatal.
	var bad = server.stats.malformed
	raw.put_packet(PoolByteArray([Transport.CONNECT, 1, 2]))
	raw.put_packet(frame(Transport.CONNECT, 7))
	pump([server], 30)
	raw.put_packet(PoolByteArray([Transport.REL, 1]))
	raw.put_packet(PoolByteArray([Transport.ACK, 1, 2, 3, 4]))
	raw.put_packet(PoolByteArray())
	ev = pump([server], 30)
	check(server.stats.malformed >= bad + 3, "malformed frames counted (%d)" % (server.stats.malformed - bad))
	# The same address connecting again with a new nonce replaces the old peer.
	raw.put_packet(frame(Transport.CONNECT, 8))
	ev = pump([server], 30)
	check(types(ev[0]) == ["disconnected:replaced", "connected"], "reconnect replaces (got %s)" % [types(ev[0])])
	# A goodbye with the wrong nonce is ignored.
	raw.put_packet(frame(Transport.BYE, 7))
	ev = pump([server], 30)
	check(ev[0].empty() and server.peers.size() == 1, "goodbye with a stale nonce ignored")
	raw.put_packet(frame(Transport.BYE, 8))
	ev = pump([server], 30)
	check(types(ev[0]) == ["disconnected:bye"], "goodbye with the right nonce")
	raw.close()
