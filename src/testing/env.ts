// The env a workload receives against emulated backends: exactly the variables the local renderer gives it
// (same names, from the same contract), with the hosts and ports swapped for the emulators' loopback ones and
// secrets resolved to values.
import { generateSecretValue } from '../engine/secrets/generate.js';
import { OhEnvError } from '../errors.js';
import { workloadEnv } from '../model/contract.js';
import type { Environment } from '../model/schema.js';
import type { Endpoints } from './endpoints.js';

type Workload = Parameters<typeof workloadEnv>[1];

/** The variables of one backend's contract that point at where it runs. */
export function endpointVars(endpoints: Endpoints, backend: string): Record<string, string> {
  const e = endpoints[backend];
  if (!e) return {};
  switch (e.type) {
    case 'postgres':
      return { DB_HOST: e.host, DB_PORT: String(e.port) };
    case 'redis':
      return { REDIS_HOST: e.host, REDIS_PORT: String(e.port) };
    case 'bucket':
      return { STORAGE_EMULATOR_HOST: e.url };
  }
}

/**
 * Values of every secret the model declares: given ones first, then generated ones; optional secrets without a
 * value are left out (their variables are set empty). A required secret with neither is reported when a workload needs it.
 */
export function resolveSecrets(env: Environment, given: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, s] of Object.entries(env.secrets)) {
    const value = given[name] ?? (s.generate ? generateSecretValue(s.generate.length) : undefined);
    if (value !== undefined) out.set(name, value);
  }
  return out;
}

export function emulatedEnv(
  env: Environment,
  workload: Workload,
  endpoints: Endpoints,
  secrets: ReadonlyMap<string, string>,
  what = 'workload',
): Record<string, string> {
  const swapped: Record<string, string> = {};
  for (const backend of workload.uses) Object.assign(swapped, endpointVars(endpoints, backend));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(workloadEnv(env, workload, 'local'))) {
    const own = name in workload.env || name in workload.secretEnv;
    if (value.kind === 'value') out[name] = !own && swapped[name] !== undefined ? swapped[name] : value.value;
    else if (value.kind === 'secret') {
      const v = secrets.get(value.secret);
      if (v !== undefined) out[name] = v;
      // The local target gives an optional secret without a value as an empty variable; so does this.
      else if (env.secrets[value.secret]?.required === false) out[name] = '';
      else
        throw new OhEnvError('E_SECRET_MISSING', `secret "${value.secret}" (${name} of ${what}) has no value`, {
          hint: `give it with --secret ${value.secret}=VALUE (or the secrets option of the testing API)`,
        });
    }
    // 'output' values exist only on GKE; the local contract has none.
  }
  return out;
}
