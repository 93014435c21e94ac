# Scripted player behaviours (TEST_BEHAVIOR). `direction(pos, now_ms)` returns the input direction
# (length <= 1) for the player currently at `pos`. Every random choice comes from a seeded RNG.
extends Reference

const Log = preload("res://scripts/log.gd")
const W = preload("res://scripts/world.gd")

const ROUTE_POINTS = 8
const ROUTE_REACH = 12.0
const CONVERGE_POINT = Vector2(1024.0, 1024.0)
const CONVERGED_DIST = 48.0
const COLLISION_POINT = Vector2(1152.0, 1152.0)   # centre of chunk (4, 4)

var name = "idle"
var cfg = null
var rng = RandomNumberGenerator.new()
var spawn = Vector2.ZERO
var start_ms = 0
var target = null
var target_ms = 0
var arrived = false
var waypoints = []
var wp_index = 0
var last_sample_ms = 0
var route_done = false
var cross_index = 0
var cross_step = 1


func setup(behavior, config, spawn_pos, now_ms):
	name = behavior
	cfg = config
	spawn = spawn_pos
	start_ms = now_ms
	if name != "move_to":   # a move_to given before WELCOME keeps its target
		target = null
	arrived = false
	rng.seed = hash([cfg.seed_value, cfg.client_id, behavior])
	if name == "route_replay":
		_plan_route()
	elif name == "chunk_crossing":
		cross_index = int(W.chunk_of(spawn).x)
		cross_step = 1 if cross_index < W.CHUNKS_X - 1 else -1


func move_to(point):
	name = "move_to"
	target = point
	arrived = false


# 8 waypoints, each 150-300 units from the previous, starting near the spawn point (legs of ~1 s).
func _plan_route():
	var r = RandomNumberGenerator.new()
	r.seed = hash([cfg.seed_value, cfg.client_id, "route"])
	waypoints = []
	var p = spawn
	for i in range(ROUTE_POINTS):
		var step = Vector2(r.randf_range(150.0, 300.0), 0).rotated(r.randf_range(0.0, TAU))
		p = Vector2(clamp(p.x + step.x, 100.0, W.WORLD_W - 100.0), clamp(p.y + step.y, 100.0, W.WORLD_H - 100.0))
		p = Vector2(stepify(p.x, 0.01), stepify(p.y, 0.01))
		waypoints.append(p)
	wp_index = 0
	route_done = false
	var pts = []
	for w in waypoints:
		pts.append(Log.v2(w))
	Log.info("route", "route_plan", {"waypoints": pts, "spawn": Log.v2(spawn), "seed": cfg.seed_value,
		"client_id": cfg.client_id})


static func steer(pos, to):
	var d = to - pos
	var dist = d.length()
	if dist < 1.0:
		return Vector2.ZERO
	return d / dist * min(1.0, dist / (W.SPEED * 0.15))


func _random_point(margin):
	return Vector2(rng.randf_range(margin, W.WORLD_W - margin), rng.randf_range(margin, W.WORLD_H - margin))


func direction(pos, now_ms):
	var t = (now_ms - start_ms) / 1000.0
	match name:
		"idle":
			return Vector2.ZERO
		"random_walk", "churn":
			if target == null or pos.distance_to(target) < 20.0 or now_ms - target_ms > 8000:
				target = _random_point(64.0)
				target_ms = now_ms
			return steer(pos, target)
		"stress_test":
			if rng.randf() < 0.2:
				return Vector2.ZERO
			return Vector2(1, 0).rotated(rng.randf_range(0.0, TAU))
		"chunk_crossing":
			var row = W.chunk_of(spawn).y
			var goal = Vector2((cross_index + 0.5) * W.CHUNK, (row + 0.5) * W.CHUNK)
			if pos.distance_to(goal) < 16.0:
				if cross_index + cross_step < 0 or cross_index + cross_step >= W.CHUNKS_X:
					cross_step = -cross_step
				cross_index += cross_step
			return steer(pos, goal)
		"circle_pattern":
			var c = Vector2(clamp(spawn.x, 200.0, W.WORLD_W - 200.0), clamp(spawn.y, 200.0, W.WORLD_H - 200.0))
			var w = W.SPEED * 0.7 / 150.0
			return steer(pos, c + Vector2(cos(w * t), sin(w * t)) * 150.0)
		"figure_eight":
			var c = Vector2(clamp(spawn.x, 260.0, W.WORLD_W - 260.0), clamp(spawn.y, 260.0, W.WORLD_H - 260.0))
			var w = W.SPEED * 0.5 / 200.0
			return steer(pos, c + Vector2(sin(w * t), sin(w * t) * cos(w * t)) * 200.0)
		"collision_test":
			# Everyone swings through one fixed point (whatever each client's seed) on a wall-clock phase,
			# so all players cross it at the same moment and bump into each other twice per period.
			var p = COLLISION_POINT
			var axis = Vector2(1, 0).rotated(cfg.client_id * 2.39996)
			var phase = float(int(now_ms) % 60000) / 1000.0
			return steer(pos, p + axis * 120.0 * sin(phase * 1.2))
		"convergence":
			var dist = pos.distance_to(CONVERGE_POINT)
			if not arrived and dist < CONVERGED_DIST:
				arrived = true
				Log.info("behavior", "converged", {"target": Log.v2(CONVERGE_POINT), "pos": Log.v2(pos),
					"dist": stepify(dist, 0.01)})
			return steer(pos, CONVERGE_POINT)
		"route_replay":
			if now_ms - last_sample_ms >= 250:
				last_sample_ms = now_ms
				Log.info("route", "position", {"pos": Log.v2(pos), "waypoint": wp_index})
			if route_done:
				return Vector2.ZERO
			var goal = waypoints[wp_index]
			if pos.distance_to(goal) < ROUTE_REACH:
				Log.info("route", "route_waypoint", {"index": wp_index, "target": Log.v2(goal), "pos": Log.v2(pos)})
				wp_index += 1
				if wp_index >= waypoints.size():
					route_done = true
					Log.info("route", "route_complete", {"waypoints": waypoints.size(), "ms": now_ms - start_ms})
					return Vector2.ZERO
				goal = waypoints[wp_index]
			return steer(pos, goal)
		"move_to":
			if target == null:
				return Vector2.ZERO
			if not arrived and pos.distance_to(target) < 8.0:
				arrived = true
				Log.info("behavior", "arrived", {"target": Log.v2(target), "pos": Log.v2(pos)})
			return steer(pos, target)
	return Vector2.ZERO
