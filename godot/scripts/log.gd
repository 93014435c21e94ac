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


# Plain line for people (no prefix: netwright keeps it as plain log).
static func text(msg):
	print(msg)


# Vector2 -> [x, y] rounded to 0.01 (JSON.print would make it a string).
static func v2(v):
	return [stepify(v.x, 0.01), stepify(v.y, 0.01)]


# Chunk coordinates -> [cx, cy] integers.
static func c2(v):
	return [int(v.x), int(v.y)]
