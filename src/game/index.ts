// The game layer: the engine-agnostic process contract, the control socket, event metrics, sessions
// of one server and its clients, and the Godot launcher (the only engine-specific part).

export { ClientMetrics, type ClientMetricsOptions, type ClientMetricsSummary } from './client-metrics.ts';
export {
  type ControlCommand,
  ControlConnection,
  type ControlHello,
  type ControlMessage,
  ControlServer,
  type ControlServerOptions,
  controlKey,
} from './control-server.ts';
export { defaultGameEventNames, type GameEventNames, matchesEvent } from './event-names.ts';
export { type ClientLink, type ClientWaitOptions, GameClientHandle } from './game-client.ts';
export { GameServerHandle } from './game-server.ts';
export {
  GameSession,
  type GameSessionOptions,
  type GameSessionRecord,
  type LinkOpener,
  type StartClientsOptions,
  type StartServerOptions,
} from './game-session.ts';
export {
  findGodot,
  GODOT_CANDIDATES,
  GODOT_FATAL_PATTERNS,
  GODOT_INSTALL_HINT,
  type GodotBinary,
  godotErrorLocation,
  godotLauncher,
} from './godot.ts';
export {
  checkGodotProject,
  type GodotCheckOptions,
  type GodotCheckResult,
  listGdScripts,
} from './godot-check.ts';
export {
  commandLauncher,
  GAME_BEHAVIORS,
  type GameBehavior,
  type GameBehaviorName,
  type GameCommand,
  type GameLauncher,
  type GameProcessSpec,
  gameEnv,
  type InEngineImpairment,
  type NetcodeTuning,
  validateGameCommand,
  validateGameProcessSpec,
} from './process-spec.ts';
export { type RenderJump, RenderMetrics, type RenderSecond, type RenderSummary } from './render-metrics.ts';
export { type PeerTrafficSummary, ServerMetrics, type ServerMetricsSummary } from './server-metrics.ts';
export { type GameTimeSeries, gameTimeSeries } from './timeseries.ts';
