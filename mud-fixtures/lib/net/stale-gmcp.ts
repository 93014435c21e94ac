// Mud98's stale GMCP flag (quirks mode): descriptors come from a free list that is never cleared, so
// after a GMCP client leaves, the next connections that reuse its memory keep COMM_FLAG_GMCP and get
// MSDP-over-GMCP framing even though they only agreed to MSDP (NOTES.md: one GMCP session made the
// next two MSDP-only clients get GMCP). Modelled as a count of tainted descriptors, bounded.

/** Connections tainted per closed GMCP session (observed: 2). */
export const STALE_PER_GMCP_SESSION = 2;
const MAX_TAINTED = 64;

export class StaleGmcpPool {
  private tainted = 0;

  /** A session closed: a GMCP one taints STALE_PER_GMCP_SESSION descriptors, a tainted one returns its own. */
  release(count: number): void {
    this.tainted = Math.min(MAX_TAINTED, this.tainted + count);
  }

  /** A new session takes a descriptor: true when it inherits the stale flag. */
  acquire(): boolean {
    if (this.tainted === 0) return false;
    this.tainted--;
    return true;
  }
}
