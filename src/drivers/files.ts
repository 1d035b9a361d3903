// File-system access for the model loader and the render writer. The only module in src/model's reach that
// touches the disk, so the model and renderers stay pure and testable with in-memory files.
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileReader } from '../model/file-reader.js';

export type { FileReader } from '../model/file-reader.js';

export const diskReader: FileReader = {
  exists: (p) => existsSync(p),
  read: (p) => readFileSync(p, 'utf8'),
};

/** Writes atomically (temp file + rename) so a crash never leaves a half-written render. */
export function writeFileAtomic(path: string, content: string | Uint8Array, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, mode === undefined ? undefined : { mode });
  renameSync(tmp, path);
}
