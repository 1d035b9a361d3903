// The secrets, read through the one secret source without writing or generating anything: every required
// secret has a value (the fix names the lines to add, never a value), and the file that keeps them is private.
import { declaredSecrets, missingSecretsError } from '../../../engine/secrets/resolve.js';
import { inspectSecrets, secretStorePath, type ValueOrigin } from '../../../engine/secrets/source.js';
import { privateFileMode } from '../../../drivers/private-file.js';
import { shellQuote } from '../../../drivers/exec.js';
import type { CheckResult, TargetContext } from '../../target.js';
import { failed } from './result.js';

type Ctx = Pick<TargetContext, 'env' | 'procEnv'>;

const ORIGIN_WORDS: Readonly<Record<ValueOrigin, string>> = {
  store: 'in the secrets file',
  env: 'from the environment (OH_SECRET_*)',
  generated: 'generated and kept by the next up',
};

export function checkSecrets(ctx: Ctx): CheckResult {
  const declared = declaredSecrets(ctx.env);
  if (Object.keys(declared.secrets).length === 0) return { status: 'ok', found: 'the model declares no secret' };
  try {
    const s = inspectSecrets(declared, ctx.procEnv);
    if (s.missing.length > 0) return failed(missingSecretsError(s.missing, s.path), { detailsIn: 'fix' });
    const count = new Map<ValueOrigin, number>();
    for (const o of s.origins.values()) count.set(o, (count.get(o) ?? 0) + 1);
    const parts = (['store', 'env', 'generated'] as const)
      .filter((o) => count.has(o))
      .map((o) => `${count.get(o)} ${ORIGIN_WORDS[o]}`);
    return { status: 'ok', found: `every required secret has a value: ${parts.join(', ')} (${s.path})` };
  } catch (e) {
    return failed(e);
  }
}

/** Group or other may read the file: fail, the values are exposed now (`up` would tighten it, but later). */
export function checkSecretsFile(ctx: Ctx): CheckResult {
  const path = secretStorePath(ctx.env.metadata.name, ctx.procEnv);
  const mode = privateFileMode(path);
  const octal = (m: number) => `0${m.toString(8).padStart(3, '0')}`;
  if (mode === undefined)
    return { status: 'ok', found: `${path} does not exist yet; the next up creates it with mode 0600` };
  if ((mode & 0o077) === 0) return { status: 'ok', found: `${path} has mode ${octal(mode)}` };
  return {
    status: 'fail',
    found: `${path} has mode ${octal(mode)}: other users may read the secret values`,
    fix: `chmod 600 ${shellQuote(path)}`,
  };
}
