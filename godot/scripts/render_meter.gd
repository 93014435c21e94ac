# Render-side metrics: what the player sees between snapshots, measured on every rendered frame for
# the own entity and the others (netwright folds them into histograms and time series):
#   step          distance an entity's rendered position moved since the last frame (world units)
#   jump          a step above JUMP_K x the distance the authoritative motion covered over the same
#                 render time (its speed in the snapshots around that time x the render-time advance)
#                 + JUMP_SLACK; a frame with any jump counts once in `jump_frames`
#   extrapolation render time past the newest snapshot held (ms): the frame shows data that is not there
#   alpha         the interpolation fraction, counted when outside [0, 1]
#   starved       time the render clock spent past every buffered snapshot (ms, from the client)
# The authoritative motion ("truth") is kept here by server time, apart from the client's jitter
# buffer, so a broken buffer cannot hide its own effect.
#
#   client._on_snapshot -> add_state(t, ents)     client._render -> frame(rt, shown, alpha, starved_ms)
#   client._second -> second(): one `render_stats` line; jumps also as rate-limited `render_jump` warnings
extends Reference

const Log = preload("res://scripts/log.gd")

const TRUTH_MAX = 32          # states kept (~1 s at 30 Hz), drop-oldest
const SAMPLES_MAX = 240       # per-frame samples kept per second (drop-newest, counted in `dropped`)
const JUMP_LINES_PER_S = 2
const JUMP_K = 1.5
const JUMP_SLACK = 0.5        # world units (positions are quantised to 1/8)
# Where the rendered positions come from, for the evidence a failure quotes.
const WHERE = "res://scripts/client.gd:_render"

var own_id = 0
var truth = []                # [{t: server ms, ents: {id: Vector2}}], sorted by t
var prev = {}                 # entity -> position shown last frame
var prev_rt = 0.0
var has_prev = false
var sec = {}
var jump_lines = JUMP_LINES_PER_S


func _init():
	_reset_second()


# A new connection: forget the old motion and the last frame (a respawn is not a jump).
func reset():
	truth = []
	prev = {}
	has_prev = false


func add_state(t, ents):
	var i = truth.size()
	while i > 0 and truth[i - 1].t > t:
		i -= 1
	if i > 0 and truth[i - 1].t == t:
		return
	truth.insert(i, {"t": t, "ents": ents})
	if truth.size() > TRUTH_MAX:
		truth.pop_front()


# One rendered frame: render time `rt` (server ms), the positions shown, the interpolation fraction
# (null when the frame did not interpolate) and the ms starved during this frame.
func frame(rt, shown, alpha, starved_ms):
	sec.frames += 1
	sec.starved_ms += starved_ms
	if not truth.empty():
		var ahead = rt - truth[truth.size() - 1].t
		if ahead > 0.0:
			_sample("extrap", stepify(ahead, 0.01))
			if ahead > sec.extrap_max:
				sec.extrap_max = ahead
	if alpha != null:
		if sec.alpha_min == null or alpha < sec.alpha_min:
			sec.alpha_min = alpha
		if sec.alpha_max == null or alpha > sec.alpha_max:
			sec.alpha_max = alpha
		if alpha < 0.0 or alpha > 1.0:
			sec.alpha_out += 1
	if has_prev:
		_measure_steps(rt, shown)
	prev = shown
	prev_rt = rt
	has_prev = true
	sec.entities = shown.size()


func _measure_steps(rt, shown):
	var drt = rt - prev_rt
	var lo = prev_rt if drt >= 0.0 else rt
	var hi = rt if drt >= 0.0 else prev_rt
	var pairs = _pairs_between(lo, hi)
	var span = abs(drt)
	var biggest = 0.0
	var jumped = false
	for id in shown:
		if not prev.has(id):
			continue
		var step = shown[id].distance_to(prev[id])
		if step > biggest:
			biggest = step
		var speed = _speed(id, pairs)   # units per ms
		var expected = speed * span
		if step > JUMP_K * expected + JUMP_SLACK:
			jumped = true
			if id == own_id:
				sec.jumps_own += 1
			else:
				sec.jumps_other += 1
			if jump_lines > 0:
				jump_lines -= 1
				Log.warn("render", "render_jump", {"entity": id, "own": id == own_id, "step": stepify(step, 0.01),
					"expected": stepify(expected, 0.01), "speed": stepify(speed * 1000.0, 0.1),
					"render_dt_ms": stepify(drt, 0.01), "from": Log.v2(prev[id]), "to": Log.v2(shown[id]),
					"k": JUMP_K, "where": WHERE})
	if jumped:
		sec.jump_frames += 1
	_sample("steps", stepify(biggest, 0.01))
	if biggest > sec.step_max:
		sec.step_max = biggest


# Consecutive truth states [a, b] whose span overlaps [lo, hi]; the nearest pair when none does.
func _pairs_between(lo, hi):
	var out = []
	var n = truth.size()
	if n < 2:
		return out
	for i in range(n - 1):
		if truth[i + 1].t >= lo and truth[i].t <= hi:
			out.append([truth[i], truth[i + 1]])
	if out.empty():
		if hi < truth[0].t:
			out.append([truth[0], truth[1]])
		else:
			out.append([truth[n - 2], truth[n - 1]])
	return out


# The entity's fastest authoritative speed over the pairs (units/ms); 0 when no pair holds it.
func _speed(id, pairs):
	var best = 0.0
	for p in pairs:
		var a = p[0]
		var b = p[1]
		if a.ents.has(id) and b.ents.has(id):
			var dt = b.t - a.t
			if dt > 0.0:
				var v = a.ents[id].distance_to(b.ents[id]) / dt
				if v > best:
					best = v
	return best


func _sample(key, value):
	if sec[key].size() < SAMPLES_MAX:
		sec[key].append(value)
	else:
		sec.dropped += 1


# The last second's figures as one `render_stats` event; starts the next second.
func second(interpolation, jitter_clock):
	if sec.frames > 0:
		Log.info("render", "render_stats", {"frames": sec.frames, "jump_frames": sec.jump_frames,
			"jumps_own": sec.jumps_own, "jumps_other": sec.jumps_other, "steps": sec.steps,
			"step_max": stepify(sec.step_max, 0.01), "extrap_ms": sec.extrap,
			"extrap_max_ms": stepify(sec.extrap_max, 0.01), "alpha_out": sec.alpha_out,
			"alpha_min": sec.alpha_min, "alpha_max": sec.alpha_max, "starved_ms": stepify(sec.starved_ms, 0.1),
			"entities": sec.entities, "dropped": sec.dropped, "jump_k": JUMP_K, "jump_slack": JUMP_SLACK,
			"interpolation": interpolation, "jitter_clock": jitter_clock, "where": WHERE})
	_reset_second()


func _reset_second():
	sec = {"frames": 0, "jump_frames": 0, "jumps_own": 0, "jumps_other": 0, "steps": [], "step_max": 0.0,
		"extrap": [], "extrap_max": 0.0, "alpha_out": 0, "alpha_min": null, "alpha_max": null,
		"starved_ms": 0.0, "entities": 0, "dropped": 0}
	jump_lines = JUMP_LINES_PER_S
