// Where the lab keeps things, and the environment a test needs to use them. Nothing here touches the disk,
// so tests and other tools can import it cheaply.
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KIND_NODE_IMAGE } from './images.js';
import { KUBE_SCHEMA_VERSION, KUBE_SCHEMA_PACKAGE_VERSION, KUBE_VERSION } from './versions.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Name of the kwokctl cluster (inside the lab's own KWOK_WORKDIR, so it never meets a user's clusters). */
export const CLUSTER_NAME = 'oh-env-lab';

export interface LabPaths {
  /** The cache outside the clone: $OH_ENV_LAB_CACHE, default ~/.cache/oh-env. */
  readonly cacheDir: string;
  /** Go-built tools (fake-gcs-server, docker-compose, kubectl, kwokctl, …). */
  readonly binDir: string;
  /** Wrapper Go modules, one folder per tool. */
  readonly buildDir: string;
  /** Lab state, logs, kubeconfig and the kwok work dir. */
  readonly labDir: string;
  readonly logDir: string;
  readonly stateFile: string;
  /** kubeconfig of the lab's control plane (exists while the cluster exists). */
  readonly kubeconfig: string;
  /** KWOK_WORKDIR of the lab's kwokctl. */
  readonly kwokWorkdir: string;
  /** The kwokctl configuration (binaries, version, bind address) the lab writes. */
  readonly kwokConfig: string;
  /** Unpacked kubernetes-validate schemas. */
  readonly schemaDir: string;
  /** kubeconform -schema-location template for the offline schemas. */
  readonly schemaLocation: string;
  /** kubeconform -kubernetes-version matching a schema directory that exists. */
  readonly schemaKubernetesVersion: string;
  /** The docker CLI plugin the lab installs (under $DOCKER_CONFIG, default ~/.docker). */
  readonly composePlugin: string;
  /**
   * The `docker` shim for kind, only on hosts whose engine cannot grant --privileged (see kind-host.ts).
   * labEnv puts it first on PATH; where the lab wrote no shim the directory does not exist.
   */
  readonly kindShimDir: string;
  /**
   * The manifest of the lab's test ingress controller (`lab up --for kind` writes it); labEnv names it in
   * OH_ENV_KIND_INGRESS_MANIFEST, which `oh-env up kind` applies instead of the pinned ingress-nginx one.
   */
  readonly kindIngressManifest: string;
  /** Log and pidfile of a dockerd the lab started itself. */
  readonly dockerdLog: string;
  readonly dockerdPidfile: string;
}

export function labPaths(env: Env = process.env): LabPaths {
  const cacheDir = env.OH_ENV_LAB_CACHE || join(homedir(), '.cache', 'oh-env');
  const labDir = join(cacheDir, 'lab');
  const schemaDir = join(cacheDir, 'schemas', `kubernetes-validate-${KUBE_SCHEMA_PACKAGE_VERSION}`);
  const dockerConfig = env.DOCKER_CONFIG || join(homedir(), '.docker');
  return {
    cacheDir,
    binDir: join(cacheDir, 'bin'),
    buildDir: join(cacheDir, 'build'),
    labDir,
    logDir: join(labDir, 'logs'),
    stateFile: join(labDir, 'state.json'),
    kubeconfig: join(labDir, 'kubeconfig'),
    kwokWorkdir: join(labDir, 'kwok'),
    kwokConfig: join(labDir, 'kwokctl.yaml'),
    schemaDir,
    schemaLocation: join(
      schemaDir,
      '{{.NormalizedKubernetesVersion}}-local{{.StrictSuffix}}',
      '{{.ResourceKind}}{{.KindSuffix}}.json',
    ),
    schemaKubernetesVersion: KUBE_SCHEMA_VERSION,
    composePlugin: join(dockerConfig, 'cli-plugins', 'docker-compose'),
    kindShimDir: join(labDir, 'kind-shim'),
    kindIngressManifest: join(labDir, 'kind', 'test-ingress-controller.yaml'),
    dockerdLog: join(labDir, 'dockerd.log'),
    dockerdPidfile: join(labDir, 'dockerd.pid'),
  };
}

/** Absolute path of one lab tool, e.g. labBin('kubectl'). */
export const labBin = (name: string, env: Env = process.env): string => join(labPaths(env).binDir, name);

/**
 * Variables a test (or a shell: `eval "$(npm run -s lab -- env)"`) sets to use the lab: the kind shim dir
 * (exists only where the engine cannot grant --privileged) and the lab's bin dir first on PATH, the kubeconfig,
 * the kubeconform schema location, what `oh-env up kind` uses offline, and what testcontainers needs offline.
 * Merge it over process.env: `{ ...process.env, ...labEnv() }`.
 */
export function labEnv(env: Env = process.env): Record<string, string> {
  const p = labPaths(env);
  return {
    PATH: [
      p.kindShimDir,
      p.binDir,
      ...(env.PATH ?? '').split(delimiter).filter((d) => d && d !== p.binDir && d !== p.kindShimDir),
    ].join(delimiter),
    OH_ENV_LAB_CACHE: p.cacheDir,
    OH_ENV_LAB_KUBECONFIG: p.kubeconfig,
    KUBECONFIG: p.kubeconfig,
    OH_ENV_KUBE_SCHEMA_LOCATION: p.schemaLocation,
    OH_ENV_KUBE_VERSION: p.schemaKubernetesVersion,
    OH_ENV_LAB_KUBE_VERSION: KUBE_VERSION,
    // The lab's stand-in for ingress-nginx on its kind clusters (exists after `lab up --for kind`).
    OH_ENV_KIND_INGRESS_MANIFEST: p.kindIngressManifest,
    // The node image `oh-env up kind` creates clusters from (built offline by `lab up --for kind`).
    OH_ENV_KIND_NODE_IMAGE: KIND_NODE_IMAGE,
    // No image can be pulled: Ryuk's image is one, and so is the image testcontainers uses to find the host.
    TESTCONTAINERS_RYUK_DISABLED: 'true',
    TESTCONTAINERS_HOST_OVERRIDE: 'localhost',
    // Debian's engine has no buildx: builds use the classic builder.
    DOCKER_BUILDKIT: '0',
  };
}
