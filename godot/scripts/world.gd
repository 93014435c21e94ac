# World constants shared by server and client (units: world units, seconds, Hz).
extends Reference

const WORLD_W = 2048.0
const WORLD_H = 2048.0
const CHUNK = 256.0
const CHUNKS_X = 8
const CHUNKS_Y = 8
const SPEED = 200.0          # units per second at full input
const RADIUS = 16.0          # player radius; two players collide below 2 * RADIUS
const TICK_HZ = 30
const QUANT = 8.0            # positions travel as u16 in 1/8 units
const SERVER_HISTORY = 32    # snapshots kept per peer as delta baselines


static func chunk_of(pos):
	var cx = int(clamp(floor(pos.x / CHUNK), 0, CHUNKS_X - 1))
	var cy = int(clamp(floor(pos.y / CHUNK), 0, CHUNKS_Y - 1))
	return Vector2(cx, cy)


static func clamp_pos(pos):
	return Vector2(clamp(pos.x, RADIUS, WORLD_W - RADIUS), clamp(pos.y, RADIUS, WORLD_H - RADIUS))


# floor, not round: a position just below a chunk border must stay in that chunk once quantised,
# so clients compute the same chunk (and interest area) as the server.
static func quant(v):
	return int(clamp(floor(v * QUANT), 0, 65535))


static func dequant(q):
	return float(q) / QUANT


# True when `pos` lies in the interest area (chunks within `radius` of `center_chunk`),
# at least `margin` units inside its border.
static func inside_interest(center_chunk, radius, pos, margin):
	# World edges are not interest borders (nothing leaves through them): no margin there.
	var x0 = (center_chunk.x - radius) * CHUNK
	var y0 = (center_chunk.y - radius) * CHUNK
	var x1 = (center_chunk.x + radius + 1) * CHUNK
	var y1 = (center_chunk.y + radius + 1) * CHUNK
	x0 = -1e9 if x0 <= 0 else x0 + margin
	y0 = -1e9 if y0 <= 0 else y0 + margin
	x1 = 1e9 if x1 >= WORLD_W else x1 - margin
	y1 = 1e9 if y1 >= WORLD_H else y1 - margin
	return pos.x >= x0 and pos.x <= x1 and pos.y >= y0 and pos.y <= y1
