// The one generator of secret values (the secret source's `generate`, emulate's throwaway passwords).
// Letters and digits only: such a value needs no quoting in a shell, a URL, a dotenv file or a YAML scalar,
// so no consumer can read it differently. Rejection sampling keeps every character equally likely
// (256 is not a multiple of 62, so `byte % 62` alone would favour the first eight characters).
import { randomBytes } from 'node:crypto';

export const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The largest multiple of the alphabet's size that fits a byte: bytes at or above it are drawn again. */
const LIMIT = 256 - (256 % SECRET_ALPHABET.length);

/** A random value of `length` characters from SECRET_ALPHABET; `random` is injectable for tests only. */
export function generateSecretValue(length: number, random: (n: number) => Uint8Array = randomBytes): string {
  if (!Number.isInteger(length) || length < 1)
    throw new RangeError(`secret length must be a positive integer, got ${length}`);
  let out = '';
  while (out.length < length)
    for (const b of random(length * 2))
      if (b < LIMIT && out.length < length) out += SECRET_ALPHABET[b % SECRET_ALPHABET.length];
  return out;
}
