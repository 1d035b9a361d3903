// Every version the lab installs, in one place. Bumping a version here is all it takes: a binary counts as
// present only when its Go build info names the module and version below (and, for the Kubernetes binaries,
// when `--version` prints the stamped version), so the next `lab up` rebuilds what changed.

/** The Kubernetes release the control plane runs and kubectl speaks. */
export const KUBE_VERSION = '1.37.2';
/** The kubernetes-validate wheel (PyPI) whose JSON schemas kubeconform validates against offline. */
export const KUBE_SCHEMA_PACKAGE_VERSION = '1.37.0';
/** The schema set inside that wheel (a directory v<this>-local[-strict]); the newest one the wheel ships. */
export const KUBE_SCHEMA_VERSION = '1.37.0';

export const DEBIAN_SUITE = 'bookworm';

/** How one Go-built tool is made; `lab up` runs exactly this recipe (see go-tools.ts). */
export type GoRecipe =
  | {
      /** `go install <pkg>@<version>` for each package. */
      readonly kind: 'install';
      readonly packages: readonly string[];
    }
  | {
      /** A wrapper module in <cache>/build/<name> whose go.mod pins the tool, then `go build`. */
      readonly kind: 'wrapper';
      /** The wrapper's go.mod before `go get -tool` (module line, go line, excludes, godebug). */
      readonly goMod: string;
      /** Replace every staging module of this module at this version with `<staging>@<stagingVersion>`. */
      readonly stagingOf?: { readonly module: string; readonly stagingVersion: string };
      /** Packages given to `go get -tool <pkg>@<version>` and then to `go build`. */
      readonly packages: readonly string[];
      readonly ldflags: string;
      /** `-o` of go build: a file (one package) or the bin directory with a trailing slash (several). */
      readonly output: 'bin-dir' | { readonly file: string };
    }
  | {
      /**
       * A Go module of this repository (its own go.mod and go.sum): `go build` in it, the binary stamped with
       * `-X main.version=<hash of its files>` so a changed source rebuilds. The tool's module and version are
       * the dependency the build info must list (the recorded one below; go.mod must require exactly it).
       */
      readonly kind: 'source';
      /** The module directory, relative to e2e/lab. */
      readonly dir: string;
      readonly output: { readonly file: string };
    };

export interface GoTool {
  /** Step and status name. */
  readonly name: string;
  /** The module whose version the build info must report. */
  readonly module: string;
  readonly version: string;
  /** Binaries in <cache>/bin this recipe produces, each with the main package path its build info reports. */
  readonly binaries: readonly { readonly file: string; readonly path: string }[];
  /** Optional extra check: one binary's own version output must contain this (e.g. the stamped version). */
  readonly versionCheck?: { readonly file: string; readonly args: readonly string[]; readonly contains: string };
  readonly recipe: GoRecipe;
  /** Why the lab has it (status detail). */
  readonly purpose: string;
}

const k8sLdflags = (version: string): string => {
  const [, minor] = version.split('.');
  const stamp = (pkg: string): string =>
    `-X ${pkg}.gitVersion=v${version} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor} -X ${pkg}.gitTreeState=clean`;
  return `-s -w ${stamp('k8s.io/component-base/version')} ${stamp('k8s.io/client-go/pkg/version')}`;
};

const COMPOSE_VERSION = 'v5.5.0';
/** client-go of the lab's own Go code: the release of the lab's Kubernetes (already in the Go module cache). */
export const CLIENT_GO_VERSION = `v0.${KUBE_VERSION.split('.').slice(1).join('.')}`;
const KUBE_CMDS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'] as const;
/** What a kind node adds to the control-plane binaries: built in the same `go build` (see kubernetesNode). */
const KUBE_NODE_CMDS = ['kubelet', 'kubeadm', 'kube-proxy'] as const;

/** The Kubernetes build of the control plane; `withNode` adds the node binaries to the same recipe. */
const kubernetes = (withNode: boolean) => {
  const cmds = withNode ? [...KUBE_CMDS, ...KUBE_NODE_CMDS] : KUBE_CMDS;
  return {
    name: withNode ? 'kubernetes node' : 'kubernetes',
    module: 'k8s.io/kubernetes',
    version: `v${KUBE_VERSION}`,
    binaries: cmds.map((c) => ({ file: c, path: `k8s.io/kubernetes/cmd/${c}` })),
    versionCheck: { file: 'kubectl', args: ['version', '--client'], contains: `v${KUBE_VERSION}` },
    recipe: {
      kind: 'wrapper',
      // k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with ./staging/…, so the
      // wrapper maps each one to its tagged release v0.<minor>.<patch>. Both variants share this go.mod (and so
      // the wrapper dir and Go's caches): the node variant only builds the binaries that are still missing.
      goMod: 'module e2e.local/k8s\n\ngo 1.26\n\ngodebug default=go1.26\n',
      stagingOf: { module: 'k8s.io/kubernetes', stagingVersion: CLIENT_GO_VERSION },
      packages: cmds.map((c) => `k8s.io/kubernetes/cmd/${c}`),
      ldflags: k8sLdflags(KUBE_VERSION),
      output: 'bin-dir',
    },
    purpose: withNode
      ? 'kubelet, kubeadm and kube-proxy for the kind node image (same build as the control plane)'
      : 'kube-apiserver, kube-controller-manager, kube-scheduler and kubectl',
  } as const satisfies GoTool;
};

export const GO_TOOLS = {
  fakeGcs: {
    name: 'fake-gcs-server',
    module: 'github.com/fsouza/fake-gcs-server',
    version: 'v1.55.1',
    binaries: [{ file: 'fake-gcs-server', path: 'github.com/fsouza/fake-gcs-server' }],
    recipe: { kind: 'install', packages: ['github.com/fsouza/fake-gcs-server'] },
    purpose: 'GCS emulator (binary for tests, and the oh-env-lab/fake-gcs-server image)',
  },
  compose: {
    name: 'docker-compose',
    module: 'github.com/docker/compose/v5',
    version: COMPOSE_VERSION,
    binaries: [{ file: 'docker-compose', path: 'github.com/docker/compose/v5/cmd' }],
    versionCheck: { file: 'docker-compose', args: ['version'], contains: COMPOSE_VERSION },
    recipe: {
      kind: 'wrapper',
      // compose's go.mod has replace directives, so `go install …@version` refuses it; the excludes keep two
      // pseudo-versions of test-only modules out of the graph (they break `go get` on Go 1.26).
      goMod:
        'module e2e.local/compose\n\ngo 1.26.3\n\nexclude (\n' +
        '\tgithub.com/davecgh/go-spew v1.1.2-0.20180830191138-d8f796af33cc\n' +
        '\tgithub.com/pmezard/go-difflib v1.0.1-0.20181226105442-5d4384ee4fb2\n)\n',
      packages: ['github.com/docker/compose/v5/cmd'],
      ldflags: `-s -w -X github.com/docker/compose/v5/internal.Version=${COMPOSE_VERSION}`,
      output: { file: 'docker-compose' },
    },
    purpose: 'Docker Compose, installed as the docker CLI plugin',
  },
  kubeconform: {
    name: 'kubeconform',
    module: 'github.com/yannh/kubeconform',
    version: 'v0.7.0',
    binaries: [{ file: 'kubeconform', path: 'github.com/yannh/kubeconform/cmd/kubeconform' }],
    recipe: { kind: 'install', packages: ['github.com/yannh/kubeconform/cmd/kubeconform'] },
    purpose: 'Kubernetes manifest validation against offline JSON schemas',
  },
  kind: {
    name: 'kind',
    module: 'sigs.k8s.io/kind',
    version: 'v0.33.0',
    binaries: [{ file: 'kind', path: 'sigs.k8s.io/kind' }],
    recipe: { kind: 'install', packages: ['sigs.k8s.io/kind'] },
    purpose: 'the CLI `oh-env up kind` drives (no node image offline)',
  },
  kwok: {
    name: 'kwok',
    module: 'sigs.k8s.io/kwok',
    version: 'v0.8.0',
    binaries: [
      { file: 'kwok', path: 'sigs.k8s.io/kwok/cmd/kwok' },
      { file: 'kwokctl', path: 'sigs.k8s.io/kwok/cmd/kwokctl' },
    ],
    recipe: { kind: 'install', packages: ['sigs.k8s.io/kwok/cmd/kwok', 'sigs.k8s.io/kwok/cmd/kwokctl'] },
    purpose: 'fake nodes, and kwokctl that runs the control plane from local binaries',
  },
  etcd: {
    name: 'etcd',
    module: 'go.etcd.io/etcd/server/v3',
    version: 'v3.6.16',
    binaries: [{ file: 'etcd', path: 'go.etcd.io/etcd/server/v3' }],
    versionCheck: { file: 'etcd', args: ['--version'], contains: 'etcd Version: 3.6.16' },
    recipe: {
      kind: 'wrapper',
      // server/go.mod replaces its sibling modules with ../api etc., hence the wrapper module.
      goMod: 'module e2e.local/etcd\n\ngo 1.26\n',
      packages: ['go.etcd.io/etcd/server/v3'],
      ldflags: '-s -w',
      output: { file: 'etcd' },
    },
    purpose: 'storage of the control plane',
  },
  kubernetes: kubernetes(false),
  // The rest is the kind set (`lab up --for kind`): what a kind node image needs that the lab does not have yet.
  kubernetesNode: kubernetes(true),
  crictl: {
    name: 'crictl',
    module: 'sigs.k8s.io/cri-tools',
    version: 'v1.37.0',
    binaries: [{ file: 'crictl', path: 'sigs.k8s.io/cri-tools/cmd/crictl' }],
    recipe: { kind: 'install', packages: ['sigs.k8s.io/cri-tools/cmd/crictl'] },
    purpose: 'the CRI client kind and kubeadm use inside the node',
  },
  coredns: {
    name: 'coredns',
    module: 'github.com/coredns/coredns',
    version: 'v1.14.6',
    binaries: [{ file: 'coredns', path: 'github.com/coredns/coredns' }],
    recipe: { kind: 'install', packages: ['github.com/coredns/coredns'] },
    purpose: 'cluster DNS of the kind node (kubeadm deploys it)',
  },
  testIngress: {
    name: 'test ingress controller',
    module: 'k8s.io/client-go',
    version: CLIENT_GO_VERSION,
    binaries: [{ file: 'test-ingress-controller', path: 'oh-env.dev/lab/test-ingress-controller' }],
    recipe: { kind: 'source', dir: 'test-ingress', output: { file: 'test-ingress-controller' } },
    purpose: "the lab's stand-in for ingress-nginx on its kind clusters (a TEST component, see docs/lab.md)",
  },
} as const satisfies Record<string, GoTool>;

export type GoToolKey = keyof typeof GO_TOOLS;

/** Environment of every Go build: static, reproducible binaries with the local toolchain only. */
export const GO_BUILD_ENV = { GOFLAGS: '-trimpath', CGO_ENABLED: '0', GOTOOLCHAIN: 'local' } as const;
