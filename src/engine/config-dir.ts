// Where oh-env keeps what belongs to one environment on this machine, outside any repository: the folder of
// the environment's secrets file (render/secret-names.ts holds the one rule: XDG_CONFIG_HOME when absolute,
// else ~/.config, then oh-env/<env>/). The run lock lives there for every target.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { secretsFilePath } from '../render/secret-names.js';

export type ProcEnv = Readonly<Record<string, string | undefined>>;

export const envConfigDir = (envName: string, procEnv: ProcEnv): string =>
  dirname(secretsFilePath(envName, procEnv, procEnv.HOME || homedir()));

/** The lock that keeps two runs (`up`, `down`) off one environment, whatever the target. */
export const lockPath = (envName: string, procEnv: ProcEnv): string => join(envConfigDir(envName, procEnv), 'run.lock');
