// Where the local target keeps secret values, and how the Compose file refers to them. Pure: the naming only;
// reading and writing the file is targets/local/secrets.ts. The file lives outside the repository, in the
// user's config directory, so a value can never be committed; the rendered Compose file holds only
// `${OH_SECRET_…}` references that `docker compose --env-file <file>` or `oh-env up local` resolve.
import { join } from 'node:path';
import { envVarName } from '../names.js';

export const SECRET_VAR_PREFIX = 'OH_SECRET_';

/** The interpolation variable holding a secret's value, e.g. db-password → OH_SECRET_DB_PASSWORD. */
export const secretVar = (secret: string): string => `${SECRET_VAR_PREFIX}${envVarName(secret)}`;

/** The secrets file as a shell expression, for comments and hints that must hold on every machine. */
export const secretsFileShellPath = (envName: string): string =>
  `\${XDG_CONFIG_HOME:-$HOME/.config}/oh-env/${envName}/secrets.env`;

/** The secrets file of an environment on this machine (XDG_CONFIG_HOME, else ~/.config). */
export function secretsFilePath(
  envName: string,
  procEnv: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  const xdg = procEnv.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.config');
  return join(base, 'oh-env', envName, 'secrets.env');
}
