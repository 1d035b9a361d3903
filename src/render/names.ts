// Stable DNS-1123 names (≤63 chars) for every resource a renderer creates. A name that is too long is cut
// from the front — the last parts say more — and ends in a hash of the full name, so it stays unique and the
// same on every render.
import { createHash } from 'node:crypto';

export const DNS_LABEL_MAX = 63;

export function dnsName(...parts: readonly string[]): string {
  const full = parts
    .filter((p) => p.length > 0)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const name = /^[a-z]/.test(full) ? full : `x-${full}`;
  if (name.length <= DNS_LABEL_MAX) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  // Keep the end (it says the most) and start on a letter, as DNS-1123 labels must.
  const tail = name.slice(name.length - (DNS_LABEL_MAX - hash.length - 1)).replace(/^[^a-z]+/, '');
  return tail ? `${tail}-${hash}` : `x-${hash}`;
}

/** UPPER_SNAKE form of a name, for environment variables derived from secret names. */
export const envVarName = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
