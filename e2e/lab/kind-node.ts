// The kind node image, made offline (`lab up --for kind`). `kind build node-image` cannot be used: every one
// of its modes downloads (kube-cross, release tarballs, or `ctr content fetch` of etcd, CoreDNS, pause and
// kindnetd even when they are present). So the lab does what it does, from its own builds:
//   1. pause, from the Kubernetes module's build/pause/linux/pause.c (gcc -static, as its Makefile does);
//   2. one image per component kubeadm asks for (`kubeadm config images list`), FROM scratch with the lab's
//      binary (kube-proxy on the Debian base, for iptables), named oh-env-lab/kind-<name> on the engine;
//   3. kind's base layer (images/kind-base, kind's own files from the kind Go module) and the node's
//      kubelet / kubeadm / kubectl (images/kind-node) → oh-env-lab/kind-node-pre;
//   4. that image run once (not privileged), its containerd started, each component image imported
//      (`ctr import --no-unpack`, CRI unpacks on first use) and tagged with the name kubeadm (or containerd's
//      sandbox_image) asks for, then committed as oh-env-lab/kind-node with the hash of all of its inputs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureImage, imageHashLabel, imageId, imageState } from './build-images.js';
import { aptInstall } from './engine.js';
import { must, probe, run, StepError } from './exec.js';
import { goBinary } from './go-tools.js';
import {
  HASH_LABEL,
  KIND_BASE_IMAGE,
  KIND_NODE_IMAGE,
  KIND_NODE_PRE_IMAGE,
  KUBE_WAIT_IMAGE,
  LAB_IMAGES_DIR,
  labImages,
  TEST_INGRESS_IMAGE,
  VERSION_LABEL,
  type ImageSpec,
} from './images.js';
import { labPaths } from './paths.js';
import type { StepContext } from './runner.js';
import { readState, which } from './state.js';
import { GO_TOOLS, KUBE_VERSION } from './versions.js';

/** Bumped when the import-and-commit recipe below changes. */
const NODE_RECIPE = 'run pre; containerd; ctr import --no-unpack; ctr tag; commit; v3';

/** The directory of a Go module in the module cache (downloaded from the proxy if it is not there). */
export async function moduleDir(module: string, version: string, log?: string): Promise<string> {
  const go = goBinary();
  if (!go) throw new StepError('go is not installed', 'go version', [], 'install Go 1.26+');
  const r = await must(go, ['mod', 'download', '-json', `${module}@${version}`], {
    log,
    what: `go mod download ${module}@${version}`,
    cwd: labPaths().cacheDir,
    env: { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
    timeoutMs: 300_000,
  });
  const dir = (JSON.parse(r.stdout) as { Dir?: string }).Dir;
  if (!dir || !existsSync(dir)) throw new StepError(`no module directory for ${module}@${version}`, undefined, r.tail);
  return dir;
}

const kubeModule = (log?: string) => moduleDir(GO_TOOLS.kubernetes.module, GO_TOOLS.kubernetes.version, log);
const kindFilesDir = async (log?: string) =>
  join(await moduleDir(GO_TOOLS.kind.module, GO_TOOLS.kind.version, log), 'images', 'base', 'files');

/** The pause version the Kubernetes module's Makefile builds (`TAG ?= 3.10.2`). */
export function pauseTag(makefile: string): string {
  const tag = /^TAG\s*\?=\s*(\S+)/m.exec(makefile)?.[1];
  if (!tag) throw new StepError('no `TAG ?=` in build/pause/Makefile of the Kubernetes module');
  return tag;
}

/** Step: <bin>/pause from pause.c, unless `pause -v` already names this version. */
export async function ensurePause(ctx: StepContext): Promise<string> {
  const dir = join(await kubeModule(ctx.log), 'build', 'pause');
  const version = `v${pauseTag(readFileSync(join(dir, 'Makefile'), 'utf8'))}-oh-env-lab`;
  const out = join(labPaths().binDir, 'pause');
  if ((await probe(out, ['-v']))?.includes(version)) return `${version} present`;
  if (!which('gcc')) await aptInstall(['gcc', 'libc6-dev'], ctx, 'pause.c of the kind node image');
  await must(
    'gcc',
    ['-Os', '-Wall', '-Werror', '-static', `-DVERSION=${version}`, '-o', out, join(dir, 'linux', 'pause.c')],
    {
      log: ctx.log,
      what: 'gcc pause.c',
      hint: 'a static build needs libc6-dev (apt-get install gcc libc6-dev)',
    },
  );
  return `${version} built`;
}

/** A component image: its name on the engine, the names it gets in the node, and how it is built. */
export interface ComponentImage {
  readonly spec: ImageSpec;
  readonly nodeTags: readonly string[];
}

const scratch = (binary: string, path: string, entrypoint: boolean): string =>
  [
    'FROM scratch',
    'ENV PATH=/usr/local/bin:/usr/bin:/bin',
    `COPY ${binary} ${path}`,
    ...(entrypoint ? [`ENTRYPOINT ["${path}"]`] : []),
    '',
  ].join('\n');

/**
 * The component images for the names kubeadm lists, plus containerd's sandbox image. A name the lab has no
 * build for is an error (a Kubernetes bump that needs a new component), not a silent gap.
 */
export function componentImages(kubeadmList: readonly string[], sandboxImage: string): ComponentImage[] {
  const out: ComponentImage[] = [];
  for (const ref of kubeadmList) {
    const m = /^(?:.*\/)?([^/:]+):([^/:]+)$/.exec(ref);
    const [name, tag] = [m?.[1] ?? '', m?.[2] ?? ''];
    const engineName = `oh-env-lab/kind-${name}:${tag}`;
    const source = `lab build of ${name}, tagged ${ref}`;
    let spec: ImageSpec;
    if (['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].includes(name)) {
      const dockerfile = scratch(name, `/usr/local/bin/${name}`, false);
      spec = { name: engineName, kind: 'dockerfile', dockerfile, binaries: [name], source };
    } else if (name === 'kube-proxy') {
      spec = {
        name: engineName,
        kind: 'dockerfile',
        context: join(LAB_IMAGES_DIR, 'kube-proxy'),
        binaries: ['kube-proxy'],
        source: `e2e/lab/images/kube-proxy, tagged ${ref}`,
      };
    } else if (name === 'etcd') {
      // kubeadm names the etcd it was released with; the lab's control plane etcd stands in (the label says so).
      const dockerfile = scratch('etcd', '/usr/local/bin/etcd', false);
      const labels = { [VERSION_LABEL]: `etcd ${GO_TOOLS.etcd.version}` };
      spec = { name: engineName, kind: 'dockerfile', dockerfile, binaries: ['etcd'], labels, source };
    } else if (name === 'coredns') {
      const labels = { [VERSION_LABEL]: `coredns ${GO_TOOLS.coredns.version}` };
      spec = {
        name: engineName,
        kind: 'dockerfile',
        dockerfile: scratch('coredns', '/coredns', true),
        binaries: ['coredns'],
        labels,
        source,
      };
    } else if (name === 'pause') {
      spec = {
        name: engineName,
        kind: 'dockerfile',
        dockerfile: scratch('pause', '/pause', true),
        binaries: ['pause'],
        source,
      };
    } else {
      throw new StepError(
        `kubeadm asks for ${ref}, which the lab does not build`,
        `kubeadm config images list --kubernetes-version v${KUBE_VERSION}`,
        [...kubeadmList],
        'add its build to e2e/lab/kind-node.ts (componentImages)',
      );
    }
    out.push({ spec, nodeTags: [ref] });
  }
  // containerd's sandbox image (kind's config.toml) is a pause too, often another tag than kubeadm's.
  const pause = out.find((c) => c.spec.binaries?.includes('pause'));
  if (pause && !pause.nodeTags.includes(sandboxImage))
    out[out.indexOf(pause)] = { ...pause, nodeTags: [...pause.nodeTags, sandboxImage] };
  return out;
}

/**
 * Lab images every lab cluster uses besides kubeadm's, pre-imported under their own names so neither the
 * product's `up kind` nor a test has to load them: the test ingress controller (which its manifest names, see
 * test-ingress.ts) and the dependency waits' image (the demo's targets.kind.waitImage).
 */
export function nodeLabImages(): ComponentImage[] {
  const wait = labImages().find((s) => s.name === KUBE_WAIT_IMAGE);
  if (!wait) throw new StepError(`${KUBE_WAIT_IMAGE} is not among the lab images (e2e/lab/images.ts)`);
  const ingress: ImageSpec = {
    name: TEST_INGRESS_IMAGE,
    kind: 'dockerfile',
    dockerfile: scratch('test-ingress-controller', '/test-ingress-controller', true),
    binaries: ['test-ingress-controller'],
    source: 'e2e/lab/test-ingress (a TEST component: the lab build of its controller)',
  };
  // docker save names an image docker.io/<name>; that is also what kubelet resolves the short name to.
  return [ingress, wait].map((spec) => ({ spec, nodeTags: [`docker.io/${spec.name}`] }));
}

/** containerd's sandbox_image in kind's config.toml. */
export function sandboxImage(configToml: string): string {
  const image = /^\s*sandbox_image\s*=\s*"([^"]+)"/m.exec(configToml)?.[1];
  if (!image) throw new StepError("no sandbox_image in kind's containerd config.toml");
  return image;
}

/** The component images of this Kubernetes version (needs the lab's kubeadm and kind's module files). */
export async function kindComponents(log?: string): Promise<ComponentImage[]> {
  const kubeadm = join(labPaths().binDir, 'kubeadm');
  const list = await must(kubeadm, ['config', 'images', 'list', '--kubernetes-version', `v${KUBE_VERSION}`], {
    log,
    what: 'kubeadm config images list',
    timeoutMs: 60_000,
    hint: 'kubeadm is built by the `go build kubernetes node` step',
  });
  const config = readFileSync(join(await kindFilesDir(log), 'etc', 'containerd', 'config.toml'), 'utf8');
  const fromKubeadm = componentImages(
    list.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    sandboxImage(config),
  );
  return [...fromKubeadm, ...nodeLabImages()];
}

/** kind's base layer; where the engine cannot grant CAP_SYS_RESOURCE, containerd restricts oom_score_adj. */
export async function kindBaseSpec(log?: string): Promise<ImageSpec> {
  const privileged = readState().kindHost?.privileged ?? true;
  return {
    name: KIND_BASE_IMAGE,
    kind: 'dockerfile',
    context: join(LAB_IMAGES_DIR, 'kind-base'),
    extraDirs: [{ from: await kindFilesDir(log), as: 'kind-files' }],
    binaries: ['crictl'],
    buildArgs: { RESTRICT_OOM_SCORE_ADJ: String(!privileged) },
    source: `e2e/lab/images/kind-base + ${GO_TOOLS.kind.module}@${GO_TOOLS.kind.version} images/base/files`,
  };
}

export const kindNodePreSpec = (): ImageSpec => ({
  name: KIND_NODE_PRE_IMAGE,
  kind: 'dockerfile',
  context: join(LAB_IMAGES_DIR, 'kind-node'),
  binaries: ['kubelet', 'kubeadm', 'kubectl'],
  buildArgs: { KUBE_VERSION },
  source: 'e2e/lab/images/kind-node',
});

/** Step: the component images, kind's base layer and the node image before import. */
export async function ensureKindImages(ctx: StepContext): Promise<string> {
  const specs = [...(await kindComponents(ctx.log)).map((c) => c.spec), await kindBaseSpec(ctx.log), kindNodePreSpec()];
  const built: string[] = [];
  for (const spec of specs) {
    const outcome = await ensureImage(spec, ctx);
    if (outcome !== 'up to date') built.push(spec.name);
  }
  return built.length === 0 ? `${specs.length} images up to date` : `${specs.length} images, built ${built.join(', ')}`;
}

/** The hash the node image carries: the pre-import image and every component image with its node names. */
export async function kindNodeHash(components: readonly ComponentImage[]): Promise<string> {
  const h = createHash('sha256').update(`${NODE_RECIPE}\npre ${(await imageId(KIND_NODE_PRE_IMAGE)) ?? 'missing'}\n`);
  for (const c of components)
    h.update(`${c.spec.name} ${(await imageId(c.spec.name)) ?? 'missing'} ${c.nodeTags.join(',')}\n`);
  return h.digest('hex').slice(0, 32);
}

/** Step: import the component images into the node's containerd and commit the node image. */
export async function ensureKindNode(ctx: StepContext): Promise<string> {
  const components = await kindComponents(ctx.log);
  for (const c of components) {
    if (!(await imageState(c.spec)).upToDate)
      throw new StepError(`${c.spec.name} is not built`, undefined, [], 'the `kind images` step comes first');
  }
  const hash = await kindNodeHash(components);
  const had = await imageId(KIND_NODE_IMAGE);
  if (had && (await imageHashLabel(KIND_NODE_IMAGE)) === hash) return `${KIND_NODE_IMAGE} up to date`;
  const opts = { log: ctx.log, verbose: ctx.verbose, timeoutMs: 600_000 };
  const name = `oh-env-lab-kind-node-build-${process.pid}`;
  await must(
    'docker',
    [
      'run',
      '-d',
      '--name',
      name,
      '--network',
      'none',
      '--entrypoint',
      'sleep',
      '--security-opt',
      'seccomp=unconfined',
      KIND_NODE_PRE_IMAGE,
      'infinity',
    ],
    {
      ...opts,
      what: 'docker run (node image build container)',
    },
  );
  try {
    const inNode = (script: string, what: string) =>
      must('docker', ['exec', name, 'bash', '-c', script], { ...opts, what });
    await inNode(
      'containerd >/tmp/containerd.log 2>&1 & echo $! >/tmp/containerd.pid; ' +
        'for i in $(seq 60); do ctr version >/dev/null 2>&1 && exit 0; sleep 0.5; done; cat /tmp/containerd.log; exit 1',
      'start containerd in the node',
    );
    for (const c of components) {
      ctx.note(`import ${c.spec.name} as ${c.nodeTags.join(', ')}`);
      await must(
        'bash',
        [
          '-c',
          'set -o pipefail; docker save "$1" | docker exec -i "$2" ctr -n k8s.io images import --no-unpack -',
          'import',
          c.spec.name,
          name,
        ],
        {
          ...opts,
          what: `import ${c.spec.name}`,
        },
      );
      // docker save names it docker.io/<name>; the node knows it only by the names kubeadm and containerd use.
      const imported = `docker.io/${c.spec.name}`;
      for (const tag of c.nodeTags)
        if (tag !== imported)
          await inNode(`ctr -n k8s.io images tag --force ${imported} ${tag} >/dev/null`, `ctr tag ${tag}`);
      if (!c.nodeTags.includes(imported))
        await inNode(`ctr -n k8s.io images rm ${imported} >/dev/null`, `ctr rm ${imported}`);
    }
    const listed = await inNode('ctr -n k8s.io images ls -q', 'ctr images ls');
    const missing = components.flatMap((c) => c.nodeTags).filter((t) => !listed.stdout.split('\n').includes(t));
    if (missing.length > 0)
      throw new StepError(`not in the node's containerd: ${missing.join(', ')}`, undefined, listed.stdout.split('\n'));
    await inNode(
      // PID 1 of this container (sleep) reaps no child: a stopped containerd stays a zombie, so wait for Z.
      'p=$(cat /tmp/containerd.pid); kill "$p"; ' +
        'while [ -e /proc/$p ] && [ "$(cut -d" " -f3 /proc/$p/stat)" != Z ]; do sleep 0.2; done; rm -f /tmp/containerd.*',
      'stop containerd',
    );
    await must(
      'docker',
      [
        'commit',
        '--change',
        'ENTRYPOINT ["/usr/local/bin/oh-env-pre", "/usr/local/bin/entrypoint", "/sbin/init"]',
        '--change',
        'CMD []',
        '--change',
        `LABEL ${HASH_LABEL}=${hash}`,
        name,
        KIND_NODE_IMAGE,
      ],
      { ...opts, what: `docker commit ${KIND_NODE_IMAGE}` },
    );
  } finally {
    await run('docker', ['rm', '-f', name], { log: ctx.log });
  }
  return `${KIND_NODE_IMAGE} ${had ? 'rebuilt' : 'built'} (${components.length} images pre-imported)`;
}

export interface KindNodeState {
  readonly present: boolean;
  readonly upToDate: boolean;
  readonly id?: string;
}

/** For status: whether the node image is there and matches its inputs (without building anything). */
export async function kindNodeState(): Promise<KindNodeState> {
  const id = await imageId(KIND_NODE_IMAGE);
  if (!id) return { present: false, upToDate: false };
  if (!existsSync(join(labPaths().binDir, 'kubeadm'))) return { present: true, upToDate: false, id };
  try {
    const components = await kindComponents();
    let preOk = (await imageState(kindNodePreSpec())).upToDate;
    for (const c of components) preOk &&= (await imageState(c.spec)).upToDate;
    return {
      present: true,
      upToDate: preOk && (await imageHashLabel(KIND_NODE_IMAGE)) === (await kindNodeHash(components)),
      id,
    };
  } catch {
    return { present: true, upToDate: false, id };
  }
}
