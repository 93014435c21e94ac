// A bounded record of what a bot sent and received, for reports: entries are dropped oldest first
// beyond `maxBytes` (UTF-8 of the text), and every secret (the password) is masked before it is kept.
// The bot masks what it sends while the server has echo off (password entry) as well.

/** One transcript entry. */
export interface TranscriptEntry {
  /** Unix ms. */
  t: number;
  /** 'in' from the server, 'out' sent by the bot, 'note' the bot's own remark (reconnects, plans). */
  dir: 'in' | 'out' | 'note';
  text: string;
}

/** Text that stands for a masked secret. */
export const MASK = '********';

/** Replaces every occurrence of the given secrets (3+ characters) with MASK. */
export class SecretMasker {
  private readonly secrets: string[];

  constructor(secrets: readonly (string | undefined)[]) {
    // Longest first, so a secret containing another is masked whole.
    this.secrets = [...new Set(secrets.filter((s): s is string => !!s && s.length >= 3))].sort(
      (a, b) => b.length - a.length,
    );
  }

  /** `text` with every secret replaced. */
  mask(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  }

  /** Every string in a list masked. */
  maskAll(lines: readonly string[]): string[] {
    return this.secrets.length === 0 ? [...lines] : lines.map((l) => this.mask(l));
  }
}

/** Entries as text lines: "2026-12-04T17:30:01.123Z > look", "<" for received, "#" for notes. */
export function formatTranscript(entries: readonly TranscriptEntry[]): string {
  const mark = { in: '<', out: '>', note: '#' } as const;
  return `${entries.map((e) => `${new Date(e.t).toISOString()} ${mark[e.dir]} ${e.text}`).join('\n')}\n`;
}

/** Ring of transcript entries bounded in bytes. */
export class Transcript {
  private readonly entries: TranscriptEntry[] = [];
  private head = 0;
  private bytes = 0;
  /** Entries dropped to stay within maxBytes. */
  dropped = 0;
  readonly maxBytes: number;
  private readonly wallNow: () => number;
  private readonly masker: SecretMasker;

  constructor(opts: { maxBytes?: number; wallNow?: () => number; masker?: SecretMasker } = {}) {
    this.maxBytes = opts.maxBytes ?? 64 * 1024;
    this.wallNow = opts.wallNow ?? Date.now;
    this.masker = opts.masker ?? new SecretMasker([]);
  }

  /** Record one line (masked; cut to maxBytes/4 characters). */
  add(dir: TranscriptEntry['dir'], text: string): void {
    if (this.maxBytes <= 0) return;
    let t = this.masker.mask(text);
    const cap = Math.max(64, Math.floor(this.maxBytes / 4));
    if (t.length > cap) t = `${t.slice(0, cap)}…`;
    const size = Buffer.byteLength(t) + 16;
    this.entries.push({ t: this.wallNow(), dir, text: t });
    this.bytes += size;
    while (this.bytes > this.maxBytes && this.entries.length - this.head > 1) {
      this.bytes -= Buffer.byteLength(this.entries[this.head].text) + 16;
      this.head++;
      this.dropped++;
    }
    if (this.head > 512 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The kept entries, oldest first; at most `maxBytes` (default all kept) of them, newest kept. */
  list(maxBytes = this.maxBytes): TranscriptEntry[] {
    const out: TranscriptEntry[] = [];
    let total = 0;
    for (let i = this.entries.length - 1; i >= this.head; i--) {
      const e = this.entries[i];
      total += Buffer.byteLength(e.text) + 16;
      if (total > maxBytes && out.length > 0) break;
      out.push(e);
    }
    return out.reverse();
  }

  /** The last `n` lines as text, "> " before what the bot sent, "# " before its notes. */
  tail(n = 15): string[] {
    const from = Math.max(this.head, this.entries.length - n);
    return this.entries
      .slice(from)
      .map((e) => (e.dir === 'out' ? `> ${e.text}` : e.dir === 'note' ? `# ${e.text}` : e.text));
  }
}
