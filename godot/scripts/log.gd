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
# OS.get_system_time_msecs() only has 1 ms resolution: anchor it once, at a millisecond edge, to the
# microsecond monotonic clock. init_clock() is called once at startup (spins for at most ~1 ms).
static func init_clock():
	var w0 = OS.get_system_time_msecs()
	var w = w0
	var deadline = OS.get_ticks_usec() + 3000
	while w == w0 and OS.get_ticks_usec() < deadline:
		w = OS.get_system_time_msecs()
	Engine.set_meta("nw_wall_base", w)
	Engine.set_meta("nw_ticks_base", OS.get_ticks_usec())


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
