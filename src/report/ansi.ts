// ANSI escape removal for error messages, diffs and log lines that end up in reports.

// CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks) and lone escapes.
const ANSI_RE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]/g;

/** `s` without ANSI escape sequences. */
export function stripAnsi(s: string): string {
  return s.includes('\u001b') || s.includes('\u009b') ? s.replace(ANSI_RE, '') : s;
}
