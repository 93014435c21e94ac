# Wire format (little endian). Pure encode/decode over bytes: no sockets, no timers.
#
#   C->S HELLO     u8 1, u16 client_id                                         reliable
#   C->S INPUT     u8 2, u32 input_seq, u32 ack_snapshot_seq, f32 dx, f32 dy    unreliable
#   C->S PING      u8 3, u32 id, f64 client_wall_ms                             unreliable
#   C->S FULL_REQ  u8 4, u8 reason                                              reliable
#   S->C WELCOME   u8 10, u16 entity, u16 qx, u16 qy, u8 tick_hz                reliable
#   S->C SNAPSHOT  u8 11, u32 seq, u32 baseline (0 = full), f64 server_wall_ms, u32 tick,
#                  u32 last_input_seq, u16 state_checksum, u16 n, n * entry, u16 m, m * u16 removed_id
#                  entry = u16 id, u16 qx, u16 qy                  absolute (6 bytes)
#                        | u16 id|0x8000, s8 dqx, s8 dqy           relative to the baseline (4 bytes)
#   S->C PONG      u8 12, u32 id, f64 client_wall_ms, f64 server_wall_ms        unreliable
#   S->C DESPAWN   u8 13, u16 entity                                            reliable
extends Reference

const HELLO = 1
const INPUT = 2
const PING = 3
const FULL_REQ = 4
const WELCOME = 10
const SNAPSHOT = 11
const PONG = 12
const DESPAWN = 13

const SNAPSHOT_HEADER = 31
const ENTRY = 6
const ENTRY_REL = 4
const REL_FLAG = 0x8000
const MAX_ENTITY = 0x7FFF
const FULL_REASONS = ["unknown", "baseline_mismatch", "checksum"]


static func is_reliable(type):
	return type == HELLO or type == FULL_REQ or type == WELCOME or type == DESPAWN


static func _buf():
	var b = StreamPeerBuffer.new()
	b.big_endian = false
	return b


static func hello(client_id):
	var b = _buf()
	b.put_u8(HELLO)
	b.put_u16(client_id)
	return b.data_array


static func input(seq, ack, dir):
	var b = _buf()
	b.put_u8(INPUT)
	b.put_u32(seq)
	b.put_u32(ack)
	b.put_float(dir.x)
	b.put_float(dir.y)
	return b.data_array


static func ping(id, client_ms):
	var b = _buf()
	b.put_u8(PING)
	b.put_u32(id)
	b.put_double(client_ms)
	return b.data_array


static func full_req(reason):
	var b = _buf()
	b.put_u8(FULL_REQ)
	b.put_u8(reason)
	return b.data_array


static func welcome(entity, qx, qy, tick_hz):
	var b = _buf()
	b.put_u8(WELCOME)
	b.put_u16(entity)
	b.put_u16(qx)
	b.put_u16(qy)
	b.put_u8(tick_hz)
	return b.data_array


# entries: Array of [id, qx, qy, relative]; relative entries carry s8 offsets from the baseline's
# quantised position in qx/qy. removed: Array of ids.
static func snapshot(seq, baseline, server_ms, tick, last_input, checksum, entries, removed):
	var b = _buf()
	b.put_u8(SNAPSHOT)
	b.put_u32(seq)
	b.put_u32(baseline)
	b.put_double(server_ms)
	b.put_u32(tick)
	b.put_u32(last_input)
	b.put_u16(checksum)
	b.put_u16(entries.size())
	for e in entries:
		if e[3]:
			b.put_u16(e[0] | REL_FLAG)
			b.put_8(e[1])
			b.put_8(e[2])
		else:
			b.put_u16(e[0])
			b.put_u16(e[1])
			b.put_u16(e[2])
	b.put_u16(removed.size())
	for id in removed:
		b.put_u16(id)
	return b.data_array


static func pong(id, client_ms, server_ms):
	var b = _buf()
	b.put_u8(PONG)
	b.put_u32(id)
	b.put_double(client_ms)
	b.put_double(server_ms)
	return b.data_array


static func despawn(entity):
	var b = _buf()
	b.put_u8(DESPAWN)
	b.put_u16(entity)
	return b.data_array


# Decode any message. Returns {} when the packet is malformed (wrong size or unknown type).
# Order-independent 16-bit checksum of a full state {entity: [qx, qy]}: the server sends the checksum of
# the state a snapshot describes, the client checks the state it rebuilt (delta + baseline) against it.
static func state_checksum(q):
	var sum = 0
	for id in q:
		var h = (id * 73856093) ^ (q[id][0] * 19349663) ^ (q[id][1] * 83492791)
		sum = (sum + (h & 0xFFFF) + ((h >> 16) & 0xFFFF)) & 0xFFFF
	return sum


static func decode(bytes):
	var n = bytes.size()
	if n < 1:
		return {}
	var b = _buf()
	b.data_array = bytes
	var type = b.get_u8()
	match type:
		HELLO:
			if n != 3:
				return {}
			return {"type": type, "client_id": b.get_u16()}
		INPUT:
			if n != 17:
				return {}
			return {"type": type, "seq": b.get_u32(), "ack": b.get_u32(), "dir": Vector2(b.get_float(), b.get_float())}
		PING:
			if n != 13:
				return {}
			return {"type": type, "id": b.get_u32(), "client_ms": b.get_double()}
		FULL_REQ:
			if n != 2:
				return {}
			return {"type": type, "reason": b.get_u8()}
		WELCOME:
			if n != 8:
				return {}
			return {"type": type, "entity": b.get_u16(), "qx": b.get_u16(), "qy": b.get_u16(), "tick_hz": b.get_u8()}
		SNAPSHOT:
			if n < SNAPSHOT_HEADER:
				return {}
			var d = {"type": type, "seq": b.get_u32(), "baseline": b.get_u32(), "server_ms": b.get_double(),
				"tick": b.get_u32(), "last_input": b.get_u32(), "checksum": b.get_u16()}
			var count = b.get_u16()
			var entries = []
			var at = SNAPSHOT_HEADER - 2
			for i in range(count):
				if n < at + 2:
					return {}
				var id = b.get_u16()
				if id & REL_FLAG:
					if n < at + ENTRY_REL:
						return {}
					entries.append([id & MAX_ENTITY, b.get_8(), b.get_8(), true])
					at += ENTRY_REL
				else:
					if n < at + ENTRY:
						return {}
					entries.append([id, b.get_u16(), b.get_u16(), false])
					at += ENTRY
			if n < at + 2:
				return {}
			var m = b.get_u16()
			if n != at + 2 + m * 2:
				return {}
			var removed = []
			for i in range(m):
				removed.append(b.get_u16())
			d["entries"] = entries
			d["removed"] = removed
			return d
		PONG:
			if n != 21:
				return {}
			return {"type": type, "id": b.get_u32(), "client_ms": b.get_double(), "server_ms": b.get_double()}
		DESPAWN:
			if n != 3:
				return {}
			return {"type": type, "entity": b.get_u16()}
	return {}
