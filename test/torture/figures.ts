// The figures every torture scenario measures (requests, outcomes by status, latencies, tables changed), appended
// to one file as JSON lines so that figures-reporter.mjs can print them as one table at the end of the run, whichever
// jest worker ran which scenario. `npm test` runs the short scale; `npm run test:torture` sets TORTURE=full.
import fs from 'node:fs';
import path from 'node:path';

export const FULL_SCALE = process.env.TORTURE === 'full';

/** The figures file; the reporter empties it when a run starts. */
export const FIGURES_FILE = path.resolve(process.cwd(), '.data', 'torture-figures.jsonl');

/** `short` in `npm test` (CI), `full` in `npm run test:torture`. */
export function scaled<T>(short: T, full: T): T {
  return FULL_SCALE ? full : short;
}

export interface Figure {
  scenario: string;
  name: string;
  value: string | number;
}

export function recordFigure(scenario: string, name: string, value: string | number): void {
  fs.mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  // One short line per append: O_APPEND keeps lines from different workers whole.
  fs.appendFileSync(FIGURES_FILE, `${JSON.stringify({ scenario, name, value } satisfies Figure)}\n`);
}

/** Outcomes by status, most frequent first: "201×180 503×20". */
export function tally(statuses: Iterable<number | string>): string {
  const counts = new Map<string, number>();
  for (const status of statuses) counts.set(String(status), (counts.get(String(status)) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
}

/** The p-th percentile (0–100) by nearest rank; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** "p50 3 ms, p99 41 ms, max 57 ms (n=120)". */
export function latencies(values: readonly number[]): string {
  const ms = (p: number) => `${Math.round(percentile(values, p))} ms`;
  return `p50 ${ms(50)}, p99 ${ms(99)}, max ${ms(100)} (n=${values.length})`;
}

/** The seed of the scenarios' pseudo-random choices: TORTURE_SEED, or one drawn and printed (to replay a run). */
export const TORTURE_SEED = Number(process.env.TORTURE_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: small, fast and good enough to pick mutations reproducibly from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
