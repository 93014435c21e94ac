# Process configuration from the environment (netwright's game process contract).
# Problems are collected in `errors` (all at once) instead of failing on the first.
extends Reference

const BEHAVIORS = ["random_walk", "stress_test", "chunk_crossing", "circle_pattern", "figure_eight",
	"collision_test", "churn", "convergence", "route_replay", "idle"]

var mode = ""
var port = 7000
var host = "127.0.0.1"
var client_id = 1
var behavior = "random_walk"
var duration_s = 0.0
var seed_value = 1
var loss = 0.0
var lag_ms = 0.0
var jitter_ms = 0.0
var bw_kbps = 0.0
var dup = 0.0
var interp_delay_ms = 100.0
var jitter_buf = 2
var input_hz = 20.0
var prediction = false
var interpolation = true       # false: show the snapshot at render time as it is (planted bug: snapping)
var jitter_clock = "server"    # "arrival": buffer plays snapshots by arrival time (planted bug: broken jitter buffer)
var interest_radius = 1
var client_history = 64
var fps = 0
var log_packets = true
var connect_timeout_ms = 10000
var peer_timeout_ms = 10000
var control = ""
var errors = []


func _raw(name):
	return OS.get_environment(name).strip_edges()


func _num(name, default, lo, hi):
	var v = _raw(name)
	if v == "":
		return default
	if not v.is_valid_float():
		errors.append("%s must be a number (got '%s')" % [name, v])
		return default
	var f = float(v)
	if f < lo or f > hi:
		errors.append("%s must be within %s..%s (got %s)" % [name, lo, hi, v])
		return default
	return f


func load_env():
	mode = _raw("TEST_MODE")
	if mode != "server" and mode != "client":
		errors.append("TEST_MODE must be server or client (got '%s')" % mode)
	port = int(_num("TEST_PORT", 7000, 1, 65535))
	if _raw("TEST_HOST") != "":
		host = _raw("TEST_HOST")
	client_id = int(_num("TEST_CLIENT_ID", 1, 1, 65535))
	if _raw("TEST_BEHAVIOR") != "":
		behavior = _raw("TEST_BEHAVIOR")
	if not behavior in BEHAVIORS:
		errors.append("TEST_BEHAVIOR must be one of %s (got '%s')" % [PoolStringArray(BEHAVIORS).join(","), behavior])
	duration_s = _num("TEST_DURATION", 0.0, 0.0, 1e7)
	seed_value = int(_num("TEST_SEED", 1, -9.2e18, 9.2e18))
	loss = _num("TEST_PACKET_LOSS", 0.0, 0.0, 1.0)
	lag_ms = _num("TEST_LAG_MS", 0.0, 0.0, 60000.0)
	jitter_ms = _num("TEST_JITTER_MS", 0.0, 0.0, 60000.0)
	bw_kbps = _num("TEST_BW_KBPS", 0.0, 0.0, 1e9)
	dup = _num("TEST_DUPLICATE_RATE", 0.0, 0.0, 1.0)
	interp_delay_ms = _num("NET_CFG_INTERP_DELAY", 100.0, 0.0, 10000.0)
	jitter_buf = int(_num("NET_CFG_JITTER_BUF", 2, 1, 60))
	input_hz = _num("NET_CFG_INPUT_HZ", 20.0, 1.0, 240.0)
	prediction = _num("NET_CFG_PREDICTION", 0, 0, 1) >= 1
	interpolation = _num("NET_CFG_INTERPOLATION", 1, 0, 1) >= 1
	if _raw("NET_CFG_JITTER_CLOCK") != "":
		jitter_clock = _raw("NET_CFG_JITTER_CLOCK")
	if not jitter_clock in ["server", "arrival"]:
		errors.append("NET_CFG_JITTER_CLOCK must be server or arrival (got '%s')" % jitter_clock)
	interest_radius = int(_num("NET_CFG_INTEREST_RADIUS", 1, 0, 8))
	client_history = int(_num("NET_CFG_CLIENT_HISTORY", 64, 1, 1024))
	fps = int(_num("NET_CFG_FPS", 0, 0, 1000))
	log_packets = _num("NET_CFG_LOG_PACKETS", 1, 0, 1) >= 1
	connect_timeout_ms = int(_num("NET_CFG_CONNECT_TIMEOUT_MS", 10000, 100, 600000))
	peer_timeout_ms = int(_num("NET_CFG_PEER_TIMEOUT_MS", 10000, 500, 600000))
	control = _raw("NETWRIGHT_CONTROL")
	if control != "" and control.rfind(":") <= 0:
		errors.append("NETWRIGHT_CONTROL must be host:port (got '%s')" % control)


func sim_active():
	return loss > 0.0 or lag_ms > 0.0 or jitter_ms > 0.0 or bw_kbps > 0.0 or dup > 0.0


func sim_fields():
	return {"loss": loss, "lag_ms": lag_ms, "jitter_ms": jitter_ms, "bw_kbps": bw_kbps, "dup": dup}
