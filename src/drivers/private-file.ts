// Files only their owner may read (the secret store): mode 0600 in a 0700 directory. Written atomically (temp
// file + rename), so a crash never leaves half a secrets file, and the temp file is 0600 from its first byte.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** The file's text, or undefined when there is none. */
export function readPrivateFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function writePrivateFile(path: string, content: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  tighten(dir, DIR_MODE);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    // 'w' truncates a temp file a crashed run left; chmod because `mode` applies only when the file is created.
    writeFileSync(tmp, content, { mode: FILE_MODE, flag: 'w' });
    chmodSync(tmp, FILE_MODE);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Takes group and other permissions away from an existing file (someone may have loosened them by hand). */
export function tightenPrivateFile(path: string): void {
  tighten(dirname(path), DIR_MODE);
  tighten(path, FILE_MODE);
}

function tighten(path: string, mode: number): void {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st && (st.mode & 0o777 & ~mode) !== 0) chmodSync(path, st.mode & 0o777 & mode);
}

/** The file's permission bits (0o600, ...), or undefined when there is none. */
export function privateFileMode(path: string): number | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? st.mode & 0o777 : undefined;
}
