// The bulky part of a test's netwright meta (time series, process output tails, anomaly events) lives
// in a side file next to the test's logs, so `task.meta` (what Vitest sends from the worker, stores in
// blobs and shows in the UI's "Test Meta" panel) stays a few KB. Meta points at it by path:
//
//   worker (fixture teardown) ─ appendSideMeta ─▶ <logDir>/netwright-meta.json
//                             ─ task.meta.netwright.sideFile = that path
//   main process (reporter, report builder, UI annotations) ─ normalizeMeta ─ withSideMeta ─▶ merged
//
// A key present in the side file replaces the same key inline (fixtures keep a compact copy inline for
// the UI panel, e.g. processes without their tails). The side file lives with the test's logs, is
// replaced by the next run of the same test, and is bounded on read by normalizeMeta like inline meta.
// Under --merge-reports from other machines, copy the shards' report directories along (as for logs).

import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Key under `task.meta.netwright` holding the side file's absolute path. */
export const SIDE_FILE_KEY = 'sideFile';

/** File name of the side file inside the test's log directory. */
export const SIDE_FILE_NAME = 'netwright-meta.json';

/** Keys fixtures put in the side file rather than inline. */
export const SIDE_KEYS = ['timeseries', 'processes', 'events'] as const;

/** Side files kept parsed in memory (the report is rebuilt every few seconds while tests run). */
const CACHE_ENTRIES = 512;

interface Cached {
  /** Every write renames a new file into place, so the inode changes with each write. */
  ino: number;
  mtimeMs: number;
  size: number;
  data: Record<string, unknown>;
}

const cache = new Map<string, Cached>();

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The side file of a test whose logs go to `logDir`. */
export function sideFilePath(logDir: string): string {
  return path.resolve(logDir, SIDE_FILE_NAME);
}

/** Parsed side file, or an error message; cached by path, inode, size and mtime. Never throws. */
export function readSideFile(file: string): Record<string, unknown> | string {
  try {
    const st = statSync(file);
    const hit = cache.get(file);
    if (hit && hit.ino === st.ino && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.data;
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isRecord(data)) return `not a JSON object: ${file}`;
    cache.delete(file);
    cache.set(file, { ino: st.ino, mtimeMs: st.mtimeMs, size: st.size, data });
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    return data;
  } catch (err) {
    return `${(err as NodeJS.ErrnoException).code ?? 'ERR_SIDE_FILE'}: ${(err as Error).message}`;
  }
}

/**
 * Append `items` to the list `key` of side file `file` (created when absent). `fresh`: start the file
 * anew (the first write of a test run; a file left by an earlier run of the same test is replaced).
 */
export function appendSideFile(file: string, key: string, items: unknown[], fresh: boolean): void {
  const current = fresh ? {} : readSideFile(file);
  const data = isRecord(current) ? { ...current } : {};
  const list = data[key];
  data[key] = Array.isArray(list) ? [...list, ...items] : items;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data));
  renameSync(tmp, file);
}

/**
 * Raw netwright meta with its side file merged in (side keys replace inline ones). Meta without a side
 * file is returned as is; an unreadable one adds `sideFileError`. Never throws.
 */
export function withSideMeta(raw: unknown): unknown {
  if (!isRecord(raw) || typeof raw[SIDE_FILE_KEY] !== 'string') return raw;
  const side = readSideFile(raw[SIDE_FILE_KEY] as string);
  if (typeof side === 'string') return { ...raw, sideFileError: side };
  return { ...raw, ...side };
}
