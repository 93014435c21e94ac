# In-engine network simulator (TEST_PACKET_LOSS, TEST_LAG_MS, TEST_JITTER_MS, TEST_BW_KBPS,
# TEST_DUPLICATE_RATE), seeded. Packets are submitted with a direction ("in"/"out") and a peer and
# come back from `due()` when their delivery time has passed.
#
#   submit -> [loss] -> [bandwidth: serialise per direction+peer, queue bound 1000 ms, drop-tail]
#          -> [lag + normal(0, jitter)] -> [duplicate] -> queue (bound 4096, drop-tail) -> due()
#
# Reliable packets are never lost or duplicated and keep their order (as ENet would deliver them).
extends Reference

const MAX_QUEUE = 4096
const BW_QUEUE_MS = 1000.0

var loss = 0.0
var lag_ms = 0.0
var jitter_ms = 0.0
var bw_kbps = 0.0
var dup = 0.0
var rng = RandomNumberGenerator.new()
var queue = []          # [{at, order, dir, peer, bytes, reliable}]
var busy_until = {}     # "dir:peer" -> ms when the simulated link is free
var last_reliable = {}  # "dir:peer" -> delivery ms of the last reliable packet
var order = 0
var dropped = 0
var duplicated = 0
var bw_dropped = 0
var queue_dropped = 0
var delivered = 0


func setup(cfg, seed_value):
	loss = cfg.loss
	lag_ms = cfg.lag_ms
	jitter_ms = cfg.jitter_ms
	bw_kbps = cfg.bw_kbps
	dup = cfg.dup
	rng.seed = seed_value


static func now_ms():
	return OS.get_ticks_usec() / 1000.0


func submit(dir, peer, bytes, reliable):
	var now = now_ms()
	if not reliable and loss > 0.0 and rng.randf() < loss:
		dropped += 1
		return
	var key = "%s:%d" % [dir, peer]
	var at = now
	if bw_kbps > 0.0:
		var start = max(now, busy_until.get(key, 0.0))
		if start - now > BW_QUEUE_MS:
			bw_dropped += 1
			return
		var tx = bytes.size() * 8.0 / bw_kbps
		busy_until[key] = start + tx
		at = start + tx
	var delay = lag_ms
	if jitter_ms > 0.0:
		delay += rng.randfn(0.0, jitter_ms)
	at += max(0.0, delay)
	if reliable:
		at = max(at, last_reliable.get(key, 0.0))
		last_reliable[key] = at
	_enqueue(at, dir, peer, bytes, reliable)
	if not reliable and dup > 0.0 and rng.randf() < dup:
		duplicated += 1
		_enqueue(at + rng.randf_range(0.0, 2.0), dir, peer, bytes, reliable)


func _enqueue(at, dir, peer, bytes, reliable):
	if queue.size() >= MAX_QUEUE:
		queue_dropped += 1
		return
	order += 1
	queue.append({"at": at, "order": order, "dir": dir, "peer": peer, "bytes": bytes, "reliable": reliable})


static func _before(a, b):
	if a.at == b.at:
		return a.order < b.order
	return a.at < b.at


# Packets whose delivery time has passed, in delivery order.
func due():
	if queue.empty():
		return []
	var now = now_ms()
	var out = []
	var keep = []
	for item in queue:
		if item.at <= now:
			out.append(item)
		else:
			keep.append(item)
	if out.empty():
		return out
	queue = keep
	out.sort_custom(self, "_sort")
	delivered += out.size()
	return out


func _sort(a, b):
	return _before(a, b)


# Forget queued packets of a peer (it disconnected).
func forget(peer):
	var keep = []
	for item in queue:
		if item.peer != peer:
			keep.append(item)
	queue = keep
	for dir in ["in", "out"]:
		busy_until.erase("%s:%d" % [dir, peer])
		last_reliable.erase("%s:%d" % [dir, peer])


func stats():
	return {"dropped": dropped, "duplicated": duplicated, "bw_dropped": bw_dropped + queue_dropped,
		"delivered": delivered, "queued": queue.size()}
