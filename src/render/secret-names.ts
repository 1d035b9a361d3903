// The one place that maps a model secret's name to the name each target stores it under, and says where the
// secret source keeps the values on this machine. Pure.
//   store/local: the variable in the secrets file and in the Compose file's ${...} references (OH_SECRET_DB_PASSWORD)
//   kind/gke: a key of the environment's Kubernetes Secret (the model name itself: db-password)
//   gke: the Secret Manager secret (environment-prefixed, since one project may hold several environments)
import { join } from 'node:path';
import type { Environment } from '../model/schema.js';
import { dnsName, envVarName } from './names.js';

export const SECRET_VAR_PREFIX = 'OH_SECRET_';

/**
 * The variable holding a secret's value, e.g. db-password → OH_SECRET_DB_PASSWORD: its key in the secrets file
 * (the store every target reads), the Compose file's `${...}` reference, and the process-environment override.
 */
export const secretVar = (secret: string): string => `${SECRET_VAR_PREFIX}${envVarName(secret)}`;

/** The Kubernetes Secret holding every model secret of the environment (created at apply time, never rendered). */
export const kubeSecretName = (env: Environment): string => dnsName(env.metadata.name, 'secrets');

/** The key of a model secret in that Secret. */
export const kubeSecretKey = (secret: string): string => secret;

/** The Secret Manager secret of a model secret. */
export const secretManagerName = (env: Environment, secret: string): string => dnsName(env.metadata.name, secret);

/** The secrets file as a shell expression, for comments and hints that must hold on every machine. */
export const secretsFileShellPath = (envName: string): string =>
  `\${XDG_CONFIG_HOME:-$HOME/.config}/oh-env/${envName}/secrets.env`;

/**
 * The secrets file of an environment on this machine (XDG_CONFIG_HOME, else ~/.config): outside the repository,
 * so a value can never be committed. One file per environment, whatever the target, so a value generated for
 * local is the one kind and gke get. A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
 */
export function secretsFilePath(
  envName: string,
  procEnv: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  const xdg = procEnv.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.config');
  return join(base, 'oh-env', envName, 'secrets.env');
}
