# Structured logger: one `[LOG_JSON]{...}` line per metric-worthy event on stdout.
# Every line carries t (unix ms), level, cat, event; fields are merged in after them.
extends Reference


static func ev(level, cat, event, fields = {}):
	var d = {"t": OS.get_system_time_msecs(), "level": level, "cat": cat, "event": event}
	for k in fields:
		d[k] = fields[k]
	print("[LOG_JSON]" + JSON.print(d))


static func info(cat, event, fields = {}):
	ev("info", cat, event, fields)


static func warn(cat, event, fields = {}):
	ev("warn", cat, event, fields)


static func error(cat, event, fields = {}):
	ev("error", cat, event, fields)


# Sub-millisecond unix wall clock (ms, float), shared by server stamps and client receive times.
# OS.get_system_time_msecs() only has 1 ms resolution: anchor it to the microsecond monotonic clock
# at a millisecond edge. Several edges are observed (~8 ms) and the one bracketed most tightly wins,
# so a process preempted during start-up (many starting at once) still gets a sub-ms anchor.
static func init_clock():
	var best_gap = 1e9
	var best_wall = OS.get_system_time_msecs()
	var best_ticks = OS.get_ticks_usec()
	var prev_t = OS.get_ticks_usec()
	var prev_w = OS.get_system_time_msecs()
	var edges = 0
	var deadline = prev_t + 30000
	while edges < 8 and OS.get_ticks_usec() < deadline:
		var t0 = OS.get_ticks_usec()
		var w = OS.get_system_time_msecs()
		var t1 = OS.get_ticks_usec()
		if w != prev_w:
			edges += 1
			if t1 - prev_t < best_gap:
				best_gap = t1 - prev_t
				best_wall = w
				best_ticks = (prev_t + t1) / 2
		prev_w = w
		prev_t = t0
	Engine.set_meta("nw_wall_base", best_wall)
	Engine.set_meta("nw_ticks_base", best_ticks)
	Engine.set_meta("nw_clock_gap_us", best_gap)


static func wall_ms():
	if not Engine.has_meta("nw_wall_base"):
		return float(OS.get_system_time_msecs())
	return Engine.get_meta("nw_wall_base") + (OS.get_ticks_usec() - Engine.get_meta("nw_ticks_base")) / 1000.0


# Plain line for people (no prefix: netwright keeps it as plain log).
static func text(msg):
	print(msg)


# Vector2 -> [x, y] rounded to 0.01 (JSON.print would make it a string).
static func v2(v):
	return [stepify(v.x, 0.01), stepify(v.y, 0.01)]


# Chunk coordinates -> [cx, cy] integers.
static func c2(v):
	return [int(v.x), int(v.y)]
