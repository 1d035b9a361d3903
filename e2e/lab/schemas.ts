// Kubernetes JSON schemas for kubeconform, offline: the PyPI wheel kubernetes-validate ships them
// (kubernetes-json-schema/v<ver>-local[-strict]/<kind>-<group>-<version>.json). Its files carry
// `$id: https://kubernetes.io/api/…` and `$ref: /api/_definitions.json#…`, which kubeconform resolves to
// URLs it cannot load and then reports as "could not find schema"; the lab drops the $id and makes the refs
// relative so they resolve next to the file. Every `up` proves the schemas are used: a known-bad manifest
// must be rejected, a good one accepted and an unknown kind must fail (never silently skipped).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must, run, StepError } from './exec.js';
import { labPaths } from './paths.js';
import type { StepContext } from './runner.js';
import { which } from './state.js';
import { KUBE_SCHEMA_PACKAGE_VERSION, KUBE_SCHEMA_VERSION } from './versions.js';

/** Bumped when the transformation below changes, so caches are redone. */
const TRANSFORM = 'relative-refs-1';
const MARKER = '.oh-env-lab';
const DIRS = [`v${KUBE_SCHEMA_VERSION}-local`, `v${KUBE_SCHEMA_VERSION}-local-strict`];

export function schemasPresent(): boolean {
  const { schemaDir } = labPaths();
  try {
    return (
      readFileSync(join(schemaDir, MARKER), 'utf8').trim() === `${KUBE_SCHEMA_PACKAGE_VERSION} ${TRANSFORM}` &&
      DIRS.every((d) => existsSync(join(schemaDir, d, 'deployment-apps-v1.json')))
    );
  } catch {
    return false;
  }
}

function python(): string {
  const p = which('python3') ?? which('python');
  if (!p) throw new StepError('python3 is missing', 'python3 --version', [], 'install python3 and pip');
  return p;
}

export async function ensureSchemas(ctx: StepContext): Promise<string> {
  let what = 'present';
  if (!schemasPresent()) {
    await installSchemas(ctx);
    what = 'installed';
  }
  await verifySchemas(ctx);
  return `kubernetes-validate ${KUBE_SCHEMA_PACKAGE_VERSION} schemas v${KUBE_SCHEMA_VERSION} ${what}, verified with kubeconform`;
}

async function installSchemas(ctx: StepContext): Promise<void> {
  const { cacheDir, schemaDir } = labPaths();
  const downloads = join(cacheDir, 'downloads');
  mkdirSync(downloads, { recursive: true });
  const py = python();
  const spec = `kubernetes-validate==${KUBE_SCHEMA_PACKAGE_VERSION}`;
  const wheel = join(downloads, `kubernetes_validate-${KUBE_SCHEMA_PACKAGE_VERSION}-py3-none-any.whl`);
  if (!existsSync(wheel)) {
    ctx.note(`pip download ${spec}`);
    await must(py, ['-m', 'pip', 'download', spec, '--no-deps', '--only-binary', ':all:', '-d', downloads], {
      log: ctx.log,
      what: 'pip download',
      hint: 'PyPI must be reachable through pip; the wheel is ~22 MB',
      timeoutMs: 600_000,
    });
  }
  const tmp = mkdtempSync(join(cacheDir, 'schemas-tmp-'));
  try {
    // Extract only the two schema directories of the version we use (the wheel holds several versions).
    const script =
      'import sys, zipfile\n' +
      'z = zipfile.ZipFile(sys.argv[1])\n' +
      'names = [n for n in z.namelist() if any("/kubernetes-json-schema/" + d + "/" in n for d in sys.argv[3:])]\n' +
      'z.extractall(sys.argv[2], names)\n' +
      'print(len(names))\n';
    const r = await must(py, ['-c', script, wheel, tmp, ...DIRS], { log: ctx.log, what: 'unpack the wheel' });
    if (Number(r.stdout.trim()) === 0) {
      const listed = await run(py, [
        '-c',
        'import sys,zipfile,re; print(sorted({m.group(1) for n in zipfile.ZipFile(sys.argv[1]).namelist() for m in [re.search(r"kubernetes-json-schema/([^/]+)/", n)] if m}))',
        wheel,
      ]);
      throw new StepError(
        `the wheel has no v${KUBE_SCHEMA_VERSION}-local schemas`,
        undefined,
        listed.tail,
        'set KUBE_SCHEMA_VERSION in e2e/lab/versions.ts to one of the versions listed above',
      );
    }
    const out = join(tmp, 'out');
    mkdirSync(out);
    let files = 0;
    for (const d of DIRS) {
      const src = join(tmp, 'kubernetes_validate', 'kubernetes-json-schema', d);
      mkdirSync(join(out, d));
      for (const f of readdirSync(src)) {
        if (!f.endsWith('.json')) continue;
        writeFileSync(join(out, d, f), makeLocal(readFileSync(join(src, f), 'utf8')));
        files++;
      }
    }
    writeFileSync(join(out, MARKER), `${KUBE_SCHEMA_PACKAGE_VERSION} ${TRANSFORM}\n`);
    rmSync(schemaDir, { recursive: true, force: true });
    mkdirSync(join(schemaDir, '..'), { recursive: true });
    renameSync(out, schemaDir);
    ctx.note(`${files} schema files in ${schemaDir}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One schema file made loadable from disk: no remote $id, refs relative to the file. */
export function makeLocal(json: string): string {
  const schema = JSON.parse(json) as Record<string, unknown>;
  if (typeof schema.$id === 'string' && schema.$id.startsWith('https://kubernetes.io/')) delete schema.$id;
  return JSON.stringify(schema).replaceAll('"/api/_definitions.json#', '"_definitions.json#');
}

const GOOD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: oh-env-lab/debian:bookworm}]}
`;
/** Wrong type and an unknown field: both must be reported. */
export const BAD_MANIFEST = GOOD.replace('replicas: 1', 'replicas: "one"\n  replicaz: 2');
export const GOOD_MANIFEST = GOOD;

export function kubeconformArgs(files: readonly string[]): string[] {
  const p = labPaths();
  return [
    '-strict',
    '-summary',
    '-kubernetes-version',
    p.schemaKubernetesVersion,
    '-schema-location',
    p.schemaLocation,
    ...files,
  ];
}

async function verifySchemas(ctx: StepContext): Promise<void> {
  const kubeconform = join(labPaths().binDir, 'kubeconform');
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-lab-kubeconform-'));
  try {
    const files = { good: join(dir, 'good.yaml'), bad: join(dir, 'bad.yaml'), unknown: join(dir, 'unknown.yaml') };
    writeFileSync(files.good, GOOD_MANIFEST);
    writeFileSync(files.bad, BAD_MANIFEST);
    writeFileSync(files.unknown, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
    const good = await run(kubeconform, kubeconformArgs([files.good]), { log: ctx.log });
    const bad = await run(kubeconform, kubeconformArgs([files.bad]), { log: ctx.log });
    const unknown = await run(kubeconform, kubeconformArgs([files.unknown]), { log: ctx.log });
    const problems = [
      good.code !== 0 && `a valid Deployment was rejected: ${good.tail.join(' ')}`,
      (bad.code === 0 || !/replicaz/.test(bad.stdout)) && `a bad Deployment was not rejected: ${bad.tail.join(' ')}`,
      unknown.code === 0 && `a kind without a schema passed: ${unknown.tail.join(' ')}`,
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length > 0) {
      throw new StepError(
        'kubeconform does not really use the offline schemas',
        `${kubeconform} ${kubeconformArgs([files.bad]).join(' ')}`,
        problems,
        `delete ${labPaths().schemaDir} and rerun to unpack the schemas again`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
