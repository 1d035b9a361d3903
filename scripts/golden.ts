// The golden cases: every fixture model rendered for every target, compared byte for byte with the files
// committed under fixtures/golden/<model>/<target>/ — and the default model (envs/openhands.yaml), whose
// goldens are the committed renders themselves (docker-compose.yml, envs/kind/, envs/gke/).
// Refreshed only by `npm run golden:update`; tests fail on any drift, so a hand edit of a render fails CI.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { diskReader } from '../src/drivers/files.js';
import { OhEnvError } from '../src/errors.js';
import { loadModel } from '../src/model/load.js';
import { TARGETS, type Target } from '../src/model/schema.js';
import { render } from '../src/targets/registry.js';
import type { RenderedFile } from '../src/render/output.js';

export const ROOT = new URL('..', import.meta.url).pathname;

export interface GoldenCase {
  readonly model: string;
  readonly target: Target;
  /** Directory (relative to the repo) holding the expected files. */
  readonly dir: string;
  /** Only these files are compared (the committed-render dirs also hold overlays and other files). */
  readonly exclusive: boolean;
}

/** Where the repo keeps the committed render of the default model: the Compose file at the root (where
 * `docker compose` finds it), every other target under envs/<target>/ beside its overlay. */
export const committedOut = (target: Target): string => (target === 'local' ? '.' : `envs/${target}`);

export function goldenCases(): GoldenCase[] {
  const fixtures = readdirSync(join(ROOT, 'fixtures'))
    .filter((f) => /^valid-.*\.yaml$/.test(f))
    .map((f) => `fixtures/${f}`);
  if (existsSync(join(ROOT, 'fixtures/demo/oh-env.yaml'))) fixtures.push('fixtures/demo/oh-env.yaml');
  const cases: GoldenCase[] = [];
  for (const model of fixtures) {
    const name = model === 'fixtures/demo/oh-env.yaml' ? 'demo' : model.replace(/^fixtures\/|\.yaml$/g, '');
    for (const target of TARGETS)
      cases.push({ model, target, dir: `fixtures/golden/${name}/${target}`, exclusive: true });
  }
  for (const target of TARGETS)
    cases.push({ model: 'envs/openhands.yaml', target, dir: committedOut(target), exclusive: false });
  return cases;
}

/** What a case renders to; a render that fails renders its error, so error paths are golden too. */
export function renderCase(c: GoldenCase): RenderedFile[] {
  try {
    const loaded = loadModel(
      { cwd: ROOT, file: c.model, target: c.target, display: (p) => p.slice(ROOT.length) },
      diskReader,
    );
    return [
      ...render(
        { env: loaded.env, sources: loaded.sources.map((s) => s.slice(ROOT.length)), model: c.model, out: c.dir },
        c.target,
      ).files,
    ];
  } catch (e) {
    if (!(e instanceof OhEnvError) || e.code === 'E_NOT_IMPLEMENTED' || e.code === 'E_INTERNAL') throw e;
    const lines = [
      `${e.code}: ${e.message}`,
      ...e.issues.map((i) => `${i.path}: ${i.message}${i.hint ? ` (hint: ${i.hint})` : ''}`),
    ];
    return [{ path: 'ERROR.txt', content: `${lines.join('\n')}\n` }];
  }
}
