// Stable error codes of the process supervisor. Callers switch on these, never on message text.

export const ProcessErrorCode = {
  /** The binary could not be started (ENOENT, EACCES, bad cwd). */
  SPAWN_FAILED: 'ERR_PROCESS_SPAWN_FAILED',
  /** Readiness did not happen within its timeout. */
  NOT_READY: 'ERR_PROCESS_NOT_READY',
  /** The process ended before it became ready, or before an awaited event arrived. */
  EXITED_EARLY: 'ERR_PROCESS_EXITED_EARLY',
  /** The process ended by itself with a non-zero code or an unexpected signal after it was ready. */
  CRASHED: 'ERR_PROCESS_CRASHED',
  /** A line matched one of `fatalPatterns`. */
  FATAL_OUTPUT: 'ERR_PROCESS_FATAL_OUTPUT',
  /** wallClockLimitMs ran out; the group was killed. */
  WALL_CLOCK: 'ERR_PROCESS_WALL_CLOCK',
  /** waitForEvent timed out. */
  EVENT_TIMEOUT: 'ERR_PROCESS_EVENT_TIMEOUT',
  /** No free port could be reserved. */
  PORT_ALLOCATION: 'ERR_PORT_ALLOCATION',
} as const;

export type ProcessErrorCode = (typeof ProcessErrorCode)[keyof typeof ProcessErrorCode];
