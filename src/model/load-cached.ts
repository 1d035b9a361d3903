// Loading a model through a cache of validated models. Loading is a pure function of the files it reads (and
// of which paths exist) and of oh-env's own code, so a result can be reused while every file the loader read
// has the same content, every path it probed still exists or not, and the build is the same. A hit skips
// parsing, validation and even loading the schema library, which is most of a warm `oh-env up`'s time.
// The loader itself (./load.js) is imported only on a miss.
import { createHash } from 'node:crypto';
import type { FileReader } from './file-reader.js';
import type { LoadedModel, LoadOptions } from './load.js';

/** What the loader looked at: a probed path and whether it existed, or a read file and its content hash. */
export type LoadInput =
  { readonly path: string; readonly exists: boolean } | { readonly path: string; readonly sha256: string };

export interface CachedModel {
  readonly inputs: readonly LoadInput[];
  readonly model: LoadedModel;
}

/** Where cached models are kept (the disk store is src/drivers/model-cache.ts). */
export interface ModelCache {
  get(key: string): CachedModel | undefined;
  set(key: string, value: CachedModel): void;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The reader the loader gets on a miss: it passes every call through and remembers what it saw. */
function recording(fs: FileReader): { reader: FileReader; inputs: LoadInput[] } {
  const inputs: LoadInput[] = [];
  return {
    inputs,
    reader: {
      exists: (path) => {
        const exists = fs.exists(path);
        inputs.push({ path, exists });
        return exists;
      },
      read: (path) => {
        const text = fs.read(path);
        inputs.push({ path, sha256: sha256(text) });
        return text;
      },
    },
  };
}

/** The content hash of a file, or undefined when it cannot be read (gone since). */
function hashOf(fs: FileReader, path: string): string | undefined {
  try {
    return sha256(fs.read(path));
  } catch {
    return undefined;
  }
}

const unchanged = (inputs: readonly LoadInput[], fs: FileReader): boolean =>
  inputs.every((i) => ('exists' in i ? fs.exists(i.path) === i.exists : hashOf(fs, i.path) === i.sha256));

/**
 * `loadModel` with a cache. `build` names the code that validates (a hash of oh-env's sources); without one
 * (running from the sources) or without a cache, every load validates. Invalid models are never cached: their
 * errors are computed afresh each time.
 */
export async function loadModelCached(
  opts: LoadOptions,
  fs: FileReader,
  cache: ModelCache | undefined,
  build: string | undefined,
): Promise<LoadedModel> {
  const key =
    cache && build
      ? sha256(JSON.stringify([build, opts.cwd, opts.file ?? null, opts.target ?? null, opts.overlay ?? null]))
      : undefined;
  const hit = key ? cache!.get(key) : undefined;
  if (hit && unchanged(hit.inputs, fs)) return hit.model;
  const { loadModel } = await import('./load.js');
  if (!key) return loadModel(opts, fs);
  const rec = recording(fs);
  const model = loadModel(opts, rec.reader);
  cache!.set(key, { inputs: rec.inputs, model });
  return model;
}
