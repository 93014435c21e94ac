# netwright control socket client (NETWRIGHT_CONTROL=host:port): JSON lines both ways.
# Sends a hello line on connect, emits `command` for each JSON object received, and
# `lost(reason)` when the socket closes or cannot be reached within CONNECT_TIMEOUT_MS.
extends Node

const Log = preload("res://scripts/log.gd")

signal command(msg)
signal lost(reason)

const CONNECT_TIMEOUT_MS = 5000
const MAX_LINE = 65536      # longer lines are discarded (policy: drop line, counted)

var tcp = null
var host = ""
var port = 0
var hello = {}
var connected = false
var done = false
var started_ms = 0
var pending = ""
var malformed = 0


func start(spec, hello_msg):
	var i = spec.rfind(":")
	host = spec.substr(0, i)
	port = int(spec.substr(i + 1, spec.length()))
	hello = hello_msg
	tcp = StreamPeerTCP.new()
	started_ms = OS.get_ticks_msec()
	var err = tcp.connect_to_host(host, port)
	if err != OK:
		_lose("control_unreachable")


func send(msg):
	if not connected or done:
		return
	tcp.put_data((JSON.print(msg) + "\n").to_utf8())


func _lose(reason):
	if done:
		return
	done = true
	connected = false
	emit_signal("lost", reason)


func _process(_delta):
	if tcp == null or done:
		return
	var status = tcp.get_status()
	if not connected:
		if status == StreamPeerTCP.STATUS_CONNECTED:
			connected = true
			Log.info("app", "control_connected", {"host": host, "port": port})
			send(hello)
		elif status == StreamPeerTCP.STATUS_ERROR or status == StreamPeerTCP.STATUS_NONE \
				or OS.get_ticks_msec() - started_ms > CONNECT_TIMEOUT_MS:
			_lose("control_unreachable")
		return
	if status != StreamPeerTCP.STATUS_CONNECTED:
		_lose("control_closed")
		return
	var r = tcp.get_partial_data(65536)
	if r[0] != OK:
		_lose("control_closed")
		return
	var data = r[1]
	if data.size() == 0:
		return
	pending += data.get_string_from_utf8()
	while true:
		var nl = pending.find("\n")
		if nl < 0:
			break
		var line = pending.substr(0, nl).strip_edges()
		pending = pending.substr(nl + 1, pending.length())
		if line == "":
			continue
		var parsed = JSON.parse(line) if line.begins_with("{") else null
		if parsed == null or parsed.error != OK or typeof(parsed.result) != TYPE_DICTIONARY:
			malformed += 1
			Log.warn("app", "control_malformed", {"line": line.substr(0, 200), "count": malformed})
			continue
		emit_signal("command", parsed.result)
	if pending.length() > MAX_LINE:
		malformed += 1
		Log.warn("app", "control_malformed", {"line": "(over %d bytes)" % MAX_LINE, "count": malformed})
		pending = ""
