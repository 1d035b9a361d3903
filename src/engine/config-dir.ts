// Where oh-env keeps what belongs to one environment on this machine, outside any repository: the user's
// config directory (XDG_CONFIG_HOME when absolute, else ~/.config), then oh-env/<env>/. The run lock lives
// there for every target; the local secrets file sits beside it (render/local/secrets-file.ts follows the
// same rule, and a unit test holds the two together).
import { homedir } from 'node:os';
import { join } from 'node:path';

export type ProcEnv = Readonly<Record<string, string | undefined>>;

export function envConfigDir(envName: string, procEnv: ProcEnv): string {
  const xdg = procEnv.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(procEnv.HOME || homedir(), '.config');
  return join(base, 'oh-env', envName);
}

/** The lock that keeps two runs (`up`, `down`) off one environment, whatever the target. */
export const lockPath = (envName: string, procEnv: ProcEnv): string => join(envConfigDir(envName, procEnv), 'run.lock');
