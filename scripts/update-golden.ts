// `npm run golden:update`: re-render every golden case and the committed renders, then regenerate the JSON
// Schema and the model reference. The only way these files should ever change.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenCases, renderCase, ROOT } from './golden.js';
import { generatedDocs } from './generated-docs.js';

for (const c of goldenCases()) {
  const dir = join(ROOT, c.dir);
  const files = renderCase(c);
  if (c.exclusive) {
    rmSync(dir, { recursive: true, force: true });
  } else {
    // A committed-render dir also holds the overlay: remove only a stale ERROR.txt.
    rmSync(join(dir, 'ERROR.txt'), { force: true });
  }
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.path), f.content);
  process.stderr.write(`${c.dir}: ${files.map((f) => f.path).join(', ')}\n`);
}
for (const [path, content] of Object.entries(await generatedDocs())) {
  writeFileSync(join(ROOT, path), content);
  process.stderr.write(`${path}\n`);
}
