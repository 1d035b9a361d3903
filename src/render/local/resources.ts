// Kubernetes quantities from the model in the units Compose and the Docker API take.

/** CPU quantity ("500m", "1", "1.5") as a number of CPUs. */
export function cpus(q: string): number {
  if (q.endsWith('m')) return Number(q.slice(0, -1)) / 1000;
  return Number(q);
}

const BINARY = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 } as const;

/** Memory quantity ("512Mi", "1Gi", "1000") in bytes. The schema allows only binary suffixes for memory. */
export function bytes(q: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|m)?$/.exec(q);
  if (!m) throw new Error(`invalid memory quantity "${q}"`);
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === 'm') return Math.ceil(n / 1000); // milli-bytes: legal in Kubernetes, meaningless here
  return Math.round(unit ? n * BINARY[unit as keyof typeof BINARY] : n);
}

/** Memory as Compose writes it: "512m" / "1g" (binary units in Docker), or bytes when not a round figure. */
export function composeMemory(b: number): string {
  for (const [suffix, size] of [
    ['g', 1024 ** 3],
    ['m', 1024 ** 2],
    ['k', 1024],
  ] as const)
    if (b >= size && b % size === 0) return `${b / size}${suffix}`;
  return `${b}b`;
}
