// The one place that maps a model secret's name to the name each target stores it under. Pure.
//   local: the variable in the secrets file and in the Compose file's ${...} references (OH_SECRET_DB_PASSWORD)
//   kind/gke: a key of the environment's Kubernetes Secret (the model name itself: db-password)
//   gke: the Secret Manager secret (environment-prefixed, since one project may hold several environments)
import type { Environment } from '../model/schema.js';
import { dnsName, envVarName } from './names.js';

export const SECRET_VAR_PREFIX = 'OH_SECRET_';

/** The local variable holding a secret's value, e.g. db-password → OH_SECRET_DB_PASSWORD. */
export const secretVar = (secret: string): string => `${SECRET_VAR_PREFIX}${envVarName(secret)}`;

/** The Kubernetes Secret holding every model secret of the environment (created at apply time, never rendered). */
export const kubeSecretName = (env: Environment): string => dnsName(env.metadata.name, 'secrets');

/** The key of a model secret in that Secret. */
export const kubeSecretKey = (secret: string): string => secret;

/** The Secret Manager secret of a model secret. */
export const secretManagerName = (env: Environment, secret: string): string => dnsName(env.metadata.name, secret);
