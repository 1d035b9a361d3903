// The disk store of validated models (see src/model/load-cached.ts): one file per model and set of options,
// in $XDG_CACHE_HOME/oh-env/models (default ~/.cache/oh-env/models), written atomically. A cache is never
// needed: anything unreadable counts as a miss, a failed write is ignored, and OH_ENV_CACHE=off turns it off.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { CachedModel, ModelCache } from '../model/load-cached.js';
import { writeFileAtomic } from './files.js';

/** Entries kept; past this the oldest half goes (one entry per model file, target and overlay in use). */
const MAX_ENTRIES = 64;

export function modelCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'oh-env', 'models');
}

export function diskModelCache(env: Readonly<Record<string, string | undefined>>): ModelCache | undefined {
  if (env.OH_ENV_CACHE === 'off') return undefined;
  const dir = modelCacheDir(env);
  return {
    get(key) {
      try {
        // v8's format keeps the model exactly as the loader returned it (undefined fields included).
        return deserialize(readFileSync(join(dir, `${key}.bin`))) as CachedModel;
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      try {
        // Owner-only, like the secrets file: a model may hold values its author keeps private.
        writeFileAtomic(join(dir, `${key}.bin`), serialize(value), 0o600);
        prune(dir, `${key}.bin`);
      } catch {
        // A read-only or full disk costs only the next load its speed.
      }
    },
  };
}

/** Removes the oldest entries (never `keep`, just written) when there are more than MAX_ENTRIES. */
function prune(dir: string, keep: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.bin') && f !== keep);
  if (files.length < MAX_ENTRIES) return;
  const byAge = files.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, files.length + 1 - MAX_ENTRIES / 2)) rmSync(join(dir, f), { force: true });
}
