// Display paths of model files: relative to the working directory, forward slashes, so output that names
// them is the same on every machine.
import { relative, sep } from 'node:path';

export const displayPath = (cwd: string, path: string): string => relative(cwd, path).split(sep).join('/') || '.';
