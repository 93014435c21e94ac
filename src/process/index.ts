// Process supervisor: start external programs (Godot, MUDs, fixture servers) in their own process
// groups, capture their output and events, detect failures, and always tear them down.

export { ProcessErrorCode } from './codes.ts';
export { LOG_JSON_MARKER, parseEventLine } from './events.ts';
export { ProcessGroup, type ProcessGroupOptions } from './group.ts';
export { installOrphanGuard, killRegisteredGroups, type OrphanGuardOptions } from './orphan-guard.ts';
export { type AllocatePortOptions, allocatePort, portLockDir, releasePort, reservePort } from './ports.ts';
export { groupAlive, pidAlive } from './proc-status.ts';
export { REDACTED, redactArgs, redactEnv, redactText } from './redact.ts';
export { registeredGroups, signalRegisteredGroups, watchdogPid } from './registry.ts';
export { spawnProcess } from './spawn.ts';
export type {
  CaptureLimits,
  CaptureStats,
  EventMatch,
  GameEvent,
  ManagedProcess,
  ProcessResult,
  Readiness,
  SpawnOptions,
  TerminationReason,
  WaitForEventOptions,
} from './types.ts';
export {
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_READY_TIMEOUT_MS,
  DEFAULT_STOP_GRACE_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
} from './types.ts';
