// Stable content hashes: sha256 over canonical JSON, so key order never changes a hash.
import { createHash } from 'node:crypto';
import { canonical } from './yaml.js';

export const stableHash = (value: unknown, length = 64): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex')
    .slice(0, length);
