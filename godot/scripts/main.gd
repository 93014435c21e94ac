# Entry point: reads the environment, starts the server or the client, the control socket and
# the duration timer, and owns quitting (always through get_tree().quit so ENet says goodbye).
extends Node

const Log = preload("res://scripts/log.gd")
const Config = preload("res://scripts/config.gd")
const Server = preload("res://scripts/server.gd")
const Client = preload("res://scripts/client.gd")
const ControlSocket = preload("res://scripts/control.gd")

var cfg = null
var role = null
var control = null
var quitting = false
var start_ms = 0


func _ready():
	start_ms = OS.get_ticks_msec()
	Log.init_clock()
	cfg = Config.new()
	cfg.load_env()
	Log.info("app", "start", {"mode": cfg.mode, "port": cfg.port, "host": cfg.host, "client_id": cfg.client_id,
		"behavior": cfg.behavior, "seed": cfg.seed_value, "duration_s": cfg.duration_s,
		"interp_delay_ms": cfg.interp_delay_ms, "jitter_buf": cfg.jitter_buf, "input_hz": cfg.input_hz,
		"prediction": cfg.prediction, "interpolation": cfg.interpolation, "jitter_clock": cfg.jitter_clock,
		"sim": cfg.sim_fields(), "pid": OS.get_process_id(),
		"clock_anchor_us": Engine.get_meta("nw_clock_gap_us")})
	if not cfg.errors.empty():
		for e in cfg.errors:
			printerr("netwright-demo: bad configuration: " + e)
		Log.error("app", "bad_config", {"problems": cfg.errors})
		quit("bad_config", 2)
		return
	# Frame rate bounds how often packets are polled (ENet is serviced once per frame).
	Engine.target_fps = cfg.fps if cfg.fps > 0 else (120 if cfg.mode == "server" else 60)
	Log.text("netwright-demo %s starting (port %d, behavior %s, seed %d)" % [cfg.mode, cfg.port, cfg.behavior, cfg.seed_value])
	role = Server.new() if cfg.mode == "server" else Client.new()
	role.cfg = cfg
	role.main = self
	add_child(role)
	if cfg.control != "":
		control = ControlSocket.new()
		add_child(control)
		control.connect("command", self, "_on_command")
		control.connect("lost", self, "_on_control_lost")
		var hello = {"type": "hello", "role": cfg.mode, "id": str(cfg.client_id) if cfg.mode == "client" else "",
			"pid": OS.get_process_id(), "behavior": cfg.behavior}
		control.start(cfg.control, hello)


func _process(_delta):
	if quitting:
		return
	if cfg.duration_s > 0 and OS.get_ticks_msec() - start_ms >= cfg.duration_s * 1000.0:
		quit("duration", 0)


# Closing the control socket is the normal way netwright ends a process (code 0); never reaching it
# means the harness is broken (code 4).
func _on_control_lost(reason):
	quit(reason, 4 if reason == "control_unreachable" else 0)


func _on_command(msg):
	var cmd = str(msg.get("cmd", ""))
	var reply = {"type": "ack", "cmd": cmd, "ok": true}
	if msg.has("seq"):
		reply["seq"] = msg["seq"]
	var err = ""
	if cmd == "quit":
		control.send(reply)
		Log.info("app", "control_command", {"cmd": cmd, "ok": true})
		quit("control", 0)
		return
	elif cmd == "stats":
		reply["stats"] = role.stats()
	elif role != null:
		err = role.handle_command(cmd, msg)
	if err != "":
		reply["ok"] = false
		reply["error"] = err
	Log.info("app", "control_command", {"cmd": cmd, "ok": err == "", "error": err})
	control.send(reply)


func quit(reason, code):
	if quitting:
		return
	quitting = true
	Log.info("app", "quit", {"reason": reason, "code": code, "uptime_ms": OS.get_ticks_msec() - start_ms})
	Log.text("netwright-demo quitting: %s" % reason)
	if role != null:
		role.shutdown()
	get_tree().quit(code)
