# UDP transport on PacketPeerUDP: connection handshake, a small reliable channel, goodbyes and
# timeouts. Replaces ENet, whose unreliable-packet throttle starved snapshots in Godot 3.2 (see
# README.md, "History: ENet's packet throttle"): here nothing ever drops an unreliable packet on
# purpose, so every snapshot the server sends reaches the socket.
#
# Frames (first byte; every other first byte is an unreliable codec.gd message, passed through):
#   0x20 CONNECT  u32 nonce                  client -> server, resent every RESEND_MS until ACCEPT
#   0x21 ACCEPT   u32 nonce                  server -> client, answers every CONNECT of that nonce
#   0x22 REL      u16 rseq, message          reliable: resent every RESEND_MS until ACKed, delivered once
#   0x23 ACK      u16 rseq
#   0x24 BYE      u32 nonce                  goodbye, sent BYE_COPIES times, never acked
#
# A peer is an address + the nonce of its CONNECT. A CONNECT with a new nonce from a known address
# (a client that reconnected through the same link) replaces the old peer. A peer that sends nothing
# for timeout_ms is gone (event reason "timeout"). poll() returns events in arrival order:
#   {"type": "connected", "peer": id}
#   {"type": "packet", "peer": id, "bytes": PoolByteArray}
#   {"type": "disconnected", "peer": id, "reason": "bye" | "timeout" | "replaced"}
# Clients use peer id 1 for the server. Every buffer is bounded: UNACKED_MAX reliable messages in
# flight per peer (overflow: the oldest is dropped and counted), SEEN_MAX remembered rseqs (oldest out).
extends Reference

const CONNECT = 0x20
const ACCEPT = 0x21
const REL = 0x22
const ACK = 0x23
const BYE = 0x24

const RESEND_MS = 100
const BYE_COPIES = 3
const UNACKED_MAX = 256
const SEEN_MAX = 512
const MAX_PACKETS_PER_POLL = 4096

var sock = null
var is_server = false
var timeout_ms = 10000
var peers = {}            # id -> peer (see _new_peer)
var by_addr = {}          # "ip:port" -> id
var next_id = 2
var server_ip = ""
var server_port = 0
var nonce = 0
var state = "closed"      # client: closed | connecting | connected
var connect_sent_ms = -100000
var events = []
var stats = {"sent": 0, "received": 0, "resent": 0, "reliable_dropped": 0, "malformed": 0, "foreign": 0}


func _new_peer(id, ip, port, peer_nonce, now):
	return {"id": id, "ip": ip, "port": port, "nonce": peer_nonce, "last_recv": now, "rseq": 0,
		"unacked": {}, "unacked_order": [], "seen": {}, "seen_order": []}


# Server: bind bind_ip:port. Returns a Godot Error code.
func listen(port, bind_ip, peer_timeout_ms):
	is_server = true
	timeout_ms = peer_timeout_ms
	sock = PacketPeerUDP.new()
	return sock.listen(port, bind_ip)


# Client: bind an ephemeral port on bind_ip and start the handshake with host:port. Returns an Error.
func connect_to(host, port, bind_ip, peer_timeout_ms, seed_nonce):
	is_server = false
	timeout_ms = peer_timeout_ms
	close()
	sock = PacketPeerUDP.new()
	var err = sock.listen(0, bind_ip)
	if err != OK:
		return err
	server_ip = host
	server_port = port
	err = sock.set_dest_address(host, port)
	if err != OK:
		return err
	nonce = seed_nonce & 0x7FFFFFFF
	state = "connecting"
	connect_sent_ms = -100000
	return OK


func is_connected_to_server():
	return state == "connected"


# Send a codec message to a peer (server) or to the server (client: peer 1).
func send(peer_id, bytes, reliable):
	if not peers.has(peer_id):
		return
	var p = peers[peer_id]
	if not reliable:
		_put(p, bytes)
		return
	p.rseq = (p.rseq + 1) & 0xFFFF
	var b = StreamPeerBuffer.new()
	b.big_endian = false
	b.put_u8(REL)
	b.put_u16(p.rseq)
	b.put_data(bytes)
	var frame = b.data_array
	if p.unacked_order.size() >= UNACKED_MAX:
		p.unacked.erase(p.unacked_order.pop_front())
		stats.reliable_dropped += 1
	p.unacked[p.rseq] = {"frame": frame, "sent": OS.get_ticks_msec(), "first": OS.get_ticks_msec()}
	p.unacked_order.append(p.rseq)
	_put(p, frame)


# Say goodbye to one peer (server) and forget it. No event is emitted for it.
func disconnect_peer(peer_id):
	if not peers.has(peer_id):
		return
	var p = peers[peer_id]
	for i in range(BYE_COPIES):
		_put(p, _u32_frame(BYE, p.nonce))
	_forget(peer_id)


# Goodbye to everyone, then release the socket. A client still connecting says goodbye too: the
# server may have accepted its CONNECT already (the ACCEPT is on its way or not yet polled), and a
# client that gave up without a BYE left that server peer half-open until it timed out.
func close():
	if sock != null:
		for id in peers.keys():
			disconnect_peer(id)
		if not is_server and state == "connecting" and connect_sent_ms >= 0:
			for i in range(BYE_COPIES):
				sock.set_dest_address(server_ip, server_port)
				sock.put_packet(_u32_frame(BYE, nonce))
				stats.sent += 1
		sock.close()
	sock = null
	peers = {}
	by_addr = {}
	state = "closed"


# Read every waiting datagram, resend what is unacked, expire silent peers; returns the events.
func poll():
	events = []
	if sock == null:
		return events
	var now = OS.get_ticks_msec()
	if not is_server and state == "connecting" and now - connect_sent_ms >= RESEND_MS:
		connect_sent_ms = now
		sock.set_dest_address(server_ip, server_port)
		sock.put_packet(_u32_frame(CONNECT, nonce))
		stats.sent += 1
	var n = 0
	while sock != null and sock.get_available_packet_count() > 0 and n < MAX_PACKETS_PER_POLL:
		n += 1
		var bytes = sock.get_packet()
		if sock.get_packet_error() != OK:
			continue
		stats.received += 1
		_receive(sock.get_packet_ip(), sock.get_packet_port(), bytes, now)
	for id in peers.keys():
		if not peers.has(id):
			continue
		var p = peers[id]
		if now - p.last_recv > timeout_ms:
			_forget(id)
			_lost(id, "timeout")
			continue
		for rseq in p.unacked_order:
			var u = p.unacked[rseq]
			if now - u.sent >= RESEND_MS:
				u.sent = now
				stats.resent += 1
				_put(p, u.frame)
	return events


func _receive(ip, port, bytes, now):
	if bytes.size() == 0:
		stats.malformed += 1
		return
	var key = "%s:%d" % [ip, port]
	var type = bytes[0]
	if is_server:
		if type == CONNECT:
			_server_connect(ip, port, key, bytes, now)
			return
		if not by_addr.has(key):
			stats.foreign += 1   # not connected (yet, or any more): ignored
			return
		_from_peer(by_addr[key], type, bytes, now)
	else:
		if ip != server_ip or port != server_port:
			stats.foreign += 1
			return
		if type == ACCEPT:
			if bytes.size() == 5 and _u32_at(bytes, 1) == nonce and state == "connecting":
				state = "connected"
				peers[1] = _new_peer(1, ip, port, nonce, now)
				events.append({"type": "connected", "peer": 1})
			return
		if state != "connected":
			return
		_from_peer(1, type, bytes, now)


func _server_connect(ip, port, key, bytes, now):
	if bytes.size() != 5:
		stats.malformed += 1
		return
	var n = _u32_at(bytes, 1)
	if by_addr.has(key):
		var id = by_addr[key]
		if peers[id].nonce == n:
			peers[id].last_recv = now
			_put(peers[id], _u32_frame(ACCEPT, n))
			return
		_forget(id)
		_lost(id, "replaced")
	var id = next_id
	next_id += 1
	peers[id] = _new_peer(id, ip, port, n, now)
	by_addr[key] = id
	_put(peers[id], _u32_frame(ACCEPT, n))
	events.append({"type": "connected", "peer": id})


func _from_peer(id, type, bytes, now):
	var p = peers[id]
	p.last_recv = now
	if type == ACK:
		if bytes.size() == 3:
			var rseq = bytes[1] | (bytes[2] << 8)
			if p.unacked.has(rseq):
				p.unacked.erase(rseq)
				p.unacked_order.erase(rseq)
		else:
			stats.malformed += 1
	elif type == REL:
		if bytes.size() < 4:
			stats.malformed += 1
			return
		var rseq = bytes[1] | (bytes[2] << 8)
		_put(p, PoolByteArray([ACK, rseq & 0xFF, rseq >> 8]))
		if p.seen.has(rseq):
			return
		p.seen[rseq] = true
		p.seen_order.append(rseq)
		if p.seen_order.size() > SEEN_MAX:
			p.seen.erase(p.seen_order.pop_front())
		events.append({"type": "packet", "peer": id, "bytes": bytes.subarray(3, bytes.size() - 1)})
	elif type == BYE:
		if bytes.size() == 5 and _u32_at(bytes, 1) == p.nonce:
			_forget(id)
			_lost(id, "bye")
	elif type == CONNECT or type == ACCEPT:
		pass   # a late handshake copy
	else:
		events.append({"type": "packet", "peer": id, "bytes": bytes})


func _lost(id, reason):
	events.append({"type": "disconnected", "peer": id, "reason": reason})
	if not is_server:
		state = "closed"


func _forget(id):
	var p = peers[id]
	by_addr.erase("%s:%d" % [p.ip, p.port])
	peers.erase(id)


func _put(p, bytes):
	if sock == null:
		return
	sock.set_dest_address(p.ip, p.port)
	sock.put_packet(bytes)
	stats.sent += 1


static func _u32_frame(type, value):
	var b = StreamPeerBuffer.new()
	b.big_endian = false
	b.put_u8(type)
	b.put_u32(value)
	return b.data_array


static func _u32_at(bytes, at):
	return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)
