// The images the lab builds without a registry, and their names (models and tests import these).
// Nothing here touches Docker; building is in build-images.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEBIAN_SUITE, GO_TOOLS, KUBE_VERSION } from './versions.js';

export const LAB_IMAGE_PREFIX = 'oh-env-lab/';
/** Debian minbase made with debootstrap and `docker import`: the base of every other lab image. */
export const DEBIAN_IMAGE = `oh-env-lab/debian:${DEBIAN_SUITE}`;
/** Postgres 15 honouring the official image's contract (POSTGRES_USER/PASSWORD/DB, initdb.d, pg_isready, psql). */
export const POSTGRES_IMAGE = 'oh-env-lab/postgres:15';
/** Debian's redis-server 7 (redis-cli for health checks, protected mode off like the official image). */
export const REDIS_IMAGE = 'oh-env-lab/redis:7';
/** fake-gcs-server (the lab's Go build) with curl and wget for HTTP health checks. */
export const FAKE_GCS_IMAGE = `oh-env-lab/fake-gcs-server:${GO_TOOLS.fakeGcs.version.replace(/^v/, '')}`;
/** The demo app (fixtures/demo-app), built when its Dockerfile exists. */
export const DEMO_APP_IMAGE = 'oh-env-lab/demo-app:0.1.0';

/** The dependency-wait init containers' image on kind (the demo's targets.kind.waitImage): sh, bash, timeout, wget. */
export const KUBE_WAIT_IMAGE = `oh-env-lab/kube-wait:${DEBIAN_SUITE}`;
/**
 * The lab's TEST ingress controller (e2e/lab/test-ingress), pre-imported into the kind node image: a stand-in
 * for ingress-nginx under the lab only (no upstream controller builds from the registries the lab reaches).
 */
export const TEST_INGRESS_IMAGE = 'oh-env-lab/test-ingress-controller:lab';

/** kind's base layer: systemd, containerd, runc, CNI plugins and kind's own files (`lab up --for kind`). */
export const KIND_BASE_IMAGE = `oh-env-lab/kind-base:${DEBIAN_SUITE}`;
/** The kind node image before its images are imported. */
export const KIND_NODE_PRE_IMAGE = `oh-env-lab/kind-node-pre:v${KUBE_VERSION}`;
/** The kind node image: `kind create cluster --image` this. */
export const KIND_NODE_IMAGE = `oh-env-lab/kind-node:v${KUBE_VERSION}`;
/** Label of a component image: the version it really is (its tag is the one kubeadm asks for). */
export const VERSION_LABEL = 'oh-env-lab.version';

/** Label carrying the hash of what an image was built from; a different hash means rebuild. */
export const HASH_LABEL = 'oh-env-lab.hash';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LAB_IMAGES_DIR = fileURLToPath(new URL('./images/', import.meta.url));

export interface ImageSpec {
  readonly name: string;
  /** How it is made: debootstrap + import, or `docker build` of a context folder. */
  readonly kind: 'debootstrap' | 'dockerfile';
  /** Build context (dockerfile kind). */
  readonly context?: string;
  /** Files from the lab's bin dir copied into the context before building (e.g. the fake-gcs-server binary). */
  readonly binaries?: readonly string[];
  /** A Dockerfile given as text instead of the context's own (a generated one, e.g. FROM scratch + a binary). */
  readonly dockerfile?: string;
  /** Directories from outside the repository copied into the context under a name (e.g. kind's own files). */
  readonly extraDirs?: readonly { readonly from: string; readonly as: string }[];
  /** `docker build --build-arg` values; part of the hash. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Extra labels (e.g. the version a component really is when its tag is the one kubeadm asks for). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Where it comes from, for status and errors. */
  readonly source: string;
}

/** `# image: NAME` in a fixture Dockerfile names its tag; default oh-env-lab/<folder>:local. */
export function fixtureImageName(dir: string, dockerfile: string): string {
  const m = /^#\s*image:\s*(\S+)\s*$/m.exec(dockerfile);
  return m?.[1] ?? `${LAB_IMAGE_PREFIX}${dir}:local`;
}

/** Images named by FROM lines that are lab images (they must be built first, and their IDs go into the hash). */
export function labBaseImages(dockerfile: string): string[] {
  const froms = [...dockerfile.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].map((m) => m[1] ?? '');
  return froms.filter((f) => f.startsWith(LAB_IMAGE_PREFIX));
}

/** Every image the lab builds, dependencies first. */
export function labImages(root: string = REPO_ROOT): ImageSpec[] {
  const specs: ImageSpec[] = [
    { name: DEBIAN_IMAGE, kind: 'debootstrap', source: `debootstrap --variant=minbase ${DEBIAN_SUITE}` },
    {
      name: POSTGRES_IMAGE,
      kind: 'dockerfile',
      context: join(LAB_IMAGES_DIR, 'postgres'),
      source: 'e2e/lab/images/postgres',
    },
    { name: REDIS_IMAGE, kind: 'dockerfile', context: join(LAB_IMAGES_DIR, 'redis'), source: 'e2e/lab/images/redis' },
    {
      name: FAKE_GCS_IMAGE,
      kind: 'dockerfile',
      context: join(LAB_IMAGES_DIR, 'fake-gcs-server'),
      binaries: ['fake-gcs-server'],
      source: 'e2e/lab/images/fake-gcs-server',
    },
    {
      name: KUBE_WAIT_IMAGE,
      kind: 'dockerfile',
      context: join(LAB_IMAGES_DIR, 'kube-wait'),
      source: 'e2e/lab/images/kube-wait',
    },
  ];
  const fixtures: ImageSpec[] = [];
  const fixtureDir = join(root, 'fixtures', 'images');
  if (existsSync(fixtureDir)) {
    for (const dir of readdirSync(fixtureDir).sort()) {
      const dockerfile = join(fixtureDir, dir, 'Dockerfile');
      if (!statSync(join(fixtureDir, dir)).isDirectory() || !existsSync(dockerfile)) continue;
      fixtures.push({
        name: fixtureImageName(dir, readFileSync(dockerfile, 'utf8')),
        kind: 'dockerfile',
        context: join(fixtureDir, dir),
        source: `fixtures/images/${dir}`,
      });
    }
  }
  const demoApp = join(root, 'fixtures', 'demo-app');
  if (existsSync(join(demoApp, 'Dockerfile'))) {
    fixtures.push({ name: DEMO_APP_IMAGE, kind: 'dockerfile', context: demoApp, source: 'fixtures/demo-app' });
  }
  return [...specs, ...dependencyOrder(fixtures, new Set(specs.map((s) => s.name)))];
}

/** Fixture images ordered so that one built FROM another comes after it. */
function dependencyOrder(specs: ImageSpec[], built: Set<string>): ImageSpec[] {
  const out: ImageSpec[] = [];
  const pending = [...specs];
  while (pending.length > 0) {
    const i = pending.findIndex((s) =>
      labBaseImages(readFileSync(join(s.context ?? '', 'Dockerfile'), 'utf8')).every(
        (b) => built.has(b) || !pending.some((p) => p.name === b),
      ),
    );
    // A cycle or a FROM of an unknown lab image: keep the order; the build reports the missing image.
    const [next] = pending.splice(i === -1 ? 0 : i, 1);
    if (!next) break;
    out.push(next);
    built.add(next.name);
  }
  return out;
}
