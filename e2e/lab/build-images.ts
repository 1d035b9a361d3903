// Building the lab's images with no registry: the Debian base with debootstrap + `docker import`, the rest
// with the classic builder (`DOCKER_BUILDKIT=0 docker build --network host`). Each image carries a label
// with the hash of what it was built from (Dockerfile and context, copied binaries, the IDs of the lab images
// it is FROM); an image whose label matches is left alone. Nothing is ever pulled.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { aptInstall } from './engine.js';
import { must, probe, StepError } from './exec.js';
import { DEBIAN_IMAGE, HASH_LABEL, labBaseImages, type ImageSpec } from './images.js';
import { labPaths } from './paths.js';
import type { StepContext } from './runner.js';
import { which } from './state.js';
import { DEBIAN_SUITE } from './versions.js';

/** Bumped when the base recipe changes. */
const BASE_RECIPE = `debootstrap --variant=minbase ${DEBIAN_SUITE}; import with CMD bash; v1`;

export interface ImageState {
  readonly present: boolean;
  readonly upToDate: boolean;
  readonly id?: string;
}

export async function imageId(name: string): Promise<string | undefined> {
  return probe('docker', ['image', 'inspect', '--format', '{{.Id}}', name]);
}

/** The content-hash label an image was built with (undefined when absent). */
export async function imageHashLabel(name: string): Promise<string | undefined> {
  const out = await probe('docker', [
    'image',
    'inspect',
    '--format',
    `{{ index .Config.Labels "${HASH_LABEL}" }}`,
    name,
  ]);
  return out && out !== '<no value>' ? out : undefined;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name === 'node_modules' || name === '.git' || name === '__pycache__') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

function dirsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(e.parentPath, e.name));
}

/** The Dockerfile an image is built from: the spec's text, or its context's file. */
export function dockerfileOf(spec: ImageSpec): string {
  return spec.dockerfile ?? readFileSync(join(spec.context ?? '', 'Dockerfile'), 'utf8');
}

/** The hash an image built now would carry. */
export async function wantedHash(spec: ImageSpec): Promise<string> {
  const h = createHash('sha256');
  if (spec.kind === 'debootstrap') {
    h.update(BASE_RECIPE);
    return h.digest('hex').slice(0, 32);
  }
  const context = spec.context;
  if (context) for (const f of filesUnder(context)) h.update(`file ${relative(context, f)}\n`).update(readFileSync(f));
  if (spec.dockerfile !== undefined) h.update(`dockerfile\n${spec.dockerfile}\n`);
  for (const d of spec.extraDirs ?? []) {
    for (const f of filesUnder(d.from)) h.update(`extra ${d.as}/${relative(d.from, f)}\n`).update(readFileSync(f));
  }
  for (const [k, v] of Object.entries(spec.buildArgs ?? {})) h.update(`arg ${k}=${v}\n`);
  for (const [k, v] of Object.entries(spec.labels ?? {})) h.update(`label ${k}=${v}\n`);
  for (const b of spec.binaries ?? []) h.update(`bin ${b}\n`).update(readFileSync(join(labPaths().binDir, b)));
  for (const base of labBaseImages(dockerfileOf(spec))) {
    h.update(`from ${base} ${(await imageId(base)) ?? 'missing'}\n`);
  }
  return h.digest('hex').slice(0, 32);
}

export async function imageState(spec: ImageSpec): Promise<ImageState> {
  const id = await imageId(spec.name);
  if (!id) return { present: false, upToDate: false };
  const have = await imageHashLabel(spec.name);
  const binariesThere = (spec.binaries ?? []).every((b) => existsSync(join(labPaths().binDir, b)));
  return { present: true, upToDate: binariesThere && have === (await wantedHash(spec)), id };
}

export async function ensureImage(spec: ImageSpec, ctx: StepContext): Promise<string> {
  const state = await imageState(spec);
  if (state.upToDate) return 'up to date';
  const hash = await wantedHash(spec);
  if (spec.kind === 'debootstrap') await buildBase(hash, ctx);
  else await buildFromDockerfile(spec, hash, ctx);
  return state.present ? 'rebuilt (its sources changed)' : 'built';
}

/** The Debian mirror apt uses on this machine (deb822 .sources or sources.list); never a hardcoded host. */
export function debianMirror(aptDir = '/etc/apt'): string {
  const candidates: string[] = [];
  const dir = join(aptDir, 'sources.list.d');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.sources')) continue;
      for (const stanza of readFileSync(join(dir, f), 'utf8').split(/\n\s*\n/)) {
        const uris = /^URIs:\s*(.+)$/im.exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
        const suites = /^Suites:\s*(.+)$/im.exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
        if (suites.includes(DEBIAN_SUITE) && !/^Enabled:\s*no/im.test(stanza)) candidates.push(...uris);
      }
    }
  }
  const list = join(aptDir, 'sources.list');
  if (existsSync(list)) {
    for (const line of readFileSync(list, 'utf8').split('\n')) {
      const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
      if (m?.[1] && m[2] === DEBIAN_SUITE) candidates.push(m[1]);
    }
  }
  const mirror = candidates.find((u) => /^https?:\/\//.test(u) && !/security/.test(u));
  if (!mirror) {
    throw new StepError(
      `no Debian ${DEBIAN_SUITE} mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list`,
      undefined,
      [],
      `the base image is made with debootstrap from the mirror apt already uses for ${DEBIAN_SUITE}`,
    );
  }
  return mirror;
}

async function buildBase(hash: string, ctx: StepContext): Promise<void> {
  if (!which('debootstrap', ['/usr/sbin', '/sbin'])) await aptInstall(['debootstrap'], ctx, 'the Debian base image');
  const debootstrap = which('debootstrap', ['/usr/sbin', '/sbin']) ?? 'debootstrap';
  const mirror = debianMirror();
  const rootfs = join(labPaths().labDir, 'rootfs');
  rmSync(rootfs, { recursive: true, force: true });
  mkdirSync(rootfs, { recursive: true });
  try {
    ctx.note(`debootstrap --variant=minbase ${DEBIAN_SUITE} from ${mirror} (~40 s)`);
    await must(debootstrap, ['--variant=minbase', DEBIAN_SUITE, rootfs, mirror], {
      log: ctx.log,
      verbose: ctx.verbose,
      what: 'debootstrap',
      timeoutMs: 900_000,
      hint: 'debootstrap needs root and the Debian mirror; a half-made rootfs is removed on the next run',
    });
    // Downloaded .debs are not needed in the image.
    rmSync(join(rootfs, 'var', 'cache', 'apt', 'archives'), { recursive: true, force: true });
    mkdirSync(join(rootfs, 'var', 'cache', 'apt', 'archives', 'partial'), { recursive: true });
    const changes = [
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'CMD ["bash"]',
      `LABEL ${HASH_LABEL}=${hash}`,
    ];
    const script = `set -o pipefail; tar -C "$1" -c . | docker import ${changes
      .map((c) => `--change '${c}'`)
      .join(' ')} - "$2"`;
    await must('bash', ['-c', script, 'import', rootfs, DEBIAN_IMAGE], {
      log: ctx.log,
      what: 'docker import',
      timeoutMs: 600_000,
    });
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}

async function buildFromDockerfile(spec: ImageSpec, hash: string, ctx: StepContext): Promise<void> {
  const source = spec.context;
  for (const base of labBaseImages(dockerfileOf(spec))) {
    if (!(await imageId(base))) {
      throw new StepError(
        `${spec.name} is built FROM ${base}, which does not exist`,
        undefined,
        [],
        'lab images must be FROM images the lab builds (oh-env-lab/…); nothing can be pulled',
      );
    }
  }
  const staged = !source || (spec.binaries ?? []).length > 0 || (spec.extraDirs ?? []).length > 0 || !!spec.dockerfile;
  let context = source ?? '';
  if (staged) {
    // A staged copy of the context with the binaries, extra directories and generated Dockerfile in it.
    context = join(labPaths().labDir, 'contexts', spec.name.replace(/[^\w.-]+/g, '_'));
    rmSync(context, { recursive: true, force: true });
    if (source) cpSync(source, context, { recursive: true });
    else mkdirSync(context, { recursive: true });
    if (spec.dockerfile !== undefined) writeFileSync(join(context, 'Dockerfile'), spec.dockerfile);
    for (const d of spec.extraDirs ?? []) {
      cpSync(d.from, join(context, d.as), { recursive: true });
      // Go's module cache is read-only; the staged copy must be removable by a non-root user afterwards.
      for (const p of [join(context, d.as), ...dirsUnder(join(context, d.as))]) chmodSync(p, 0o755);
    }
    for (const b of spec.binaries ?? []) {
      const from = join(labPaths().binDir, b);
      if (!existsSync(from)) throw new StepError(`${from} is missing`, undefined, [], 'its build step comes first');
      copyFileSync(from, join(context, b));
    }
  }
  const flags = [
    ...Object.entries(spec.buildArgs ?? {}).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    ...Object.entries(spec.labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
  ];
  ctx.note(`docker build ${spec.name} from ${spec.source}`);
  const args = ['build', '--network', 'host', ...flags, '--label', `${HASH_LABEL}=${hash}`, '-t', spec.name, context];
  await must('docker', args, {
    env: { DOCKER_BUILDKIT: '0' },
    log: ctx.log,
    verbose: ctx.verbose,
    what: `docker build ${spec.name}`,
    timeoutMs: 1_800_000,
    hint:
      'classic builder only (no RUN --mount, no heredocs); FROM must be a lab image; apt inside the build ' +
      'uses the host network and the Debian mirror',
  });
  if (staged) rmSync(context, { recursive: true, force: true });
}
