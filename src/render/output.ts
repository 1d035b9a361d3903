// What a renderer returns: files (relative paths, full text) and the warnings found while rendering, such as
// parity gaps. Writing them is the CLI's job (drivers/files.ts), so every renderer stays pure.
import type { Issue } from '../errors.js';

export interface RenderedFile {
  /** Path relative to the output directory. */
  readonly path: string;
  readonly content: string;
}

export interface RenderResult {
  readonly files: readonly RenderedFile[];
  readonly warnings: readonly Issue[];
}
