// Durations from the model ("10s", "2m", "500ms") in the units each target wants.
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

export function toMs(d: string): number {
  const m = /^([0-9]+)(ms|s|m|h)$/.exec(d);
  if (!m) throw new Error(`invalid duration "${d}"`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

export const toSeconds = (d: string): number => Math.max(1, Math.ceil(toMs(d) / 1000));
/** Docker's API wants nanoseconds. */
export const toNanos = (d: string): number => toMs(d) * 1_000_000;
