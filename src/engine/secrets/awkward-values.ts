// Test data shared by the dotenv unit test and the docker compose contract test (e2e/contract): values built
// from the characters dotenv readers disagree about. Deterministic, so a failure names a value that reproduces.

/** The characters every dotenv reader disagrees about, plus a few ordinary ones. */
const AWKWARD = ["'", '"', '$', '#', ' ', '\n', '\\', '=', '`', '{', '}', '\t', '\r', 'a', 'n', '0', 'é', ':'];

/** `count` values: hand-picked edge cases first, then pseudo-random ones (mulberry32 from `seed`). */
export function awkwardValues(count: number, seed = 10): string[] {
  let s = seed;
  const next = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const fixed = [
    '',
    ' ',
    'plain',
    "it's",
    'a$b',
    '$$',
    '\\',
    'end\\',
    "'\\",
    '# not a comment',
    'a #b',
    'x=y',
    ' lead',
    'trail ',
  ];
  const out = [...fixed, ...fixed.map((v) => `${v}\n${v}`)];
  while (out.length < count) {
    const len = Math.floor(next() * 12);
    let v = '';
    for (let i = 0; i < len; i++) v += AWKWARD[Math.floor(next() * AWKWARD.length)];
    out.push(v);
  }
  return out;
}
