// What every renderer gets: the validated model and the files it came from (display paths, relative to the
// working directory, so renders are the same on every machine).
import type { Environment } from '../model/schema.js';

export interface RenderInput {
  readonly env: Environment;
  readonly sources: readonly string[];
}
