// What the Kubernetes contract tests need from the lab: kubeconform with offline schemas, and kubectl with a
// kubeconfig of the lab's control plane. Under `npm test` the lab is up, so anything missing is a failure;
// run on its own (node --test e2e/kube/...) without the lab, a test is skipped and says how to get it.
import type { TestContext } from 'node:test';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const cacheDir = (): string => process.env.OH_ENV_LAB_CACHE ?? join(homedir(), '.cache', 'oh-env');

/** `npm test` (and npm run test) sets this for the whole run, including the e2e step. */
export const underNpmTest = (): boolean => process.env.npm_lifecycle_event === 'test';

function unavailable(t: TestContext, what: string): undefined {
  const message = `${what} is not available: start the lab with \`npm run lab -- up --for e2e\``;
  if (underNpmTest()) throw new Error(`${message} (npm test brings the lab up first, so this is a failure)`);
  t.skip(message);
  return undefined;
}

export interface SchemaTools {
  readonly kubeconform: string;
  /** kubeconform -schema-location template. */
  readonly schemaLocation: string;
  readonly kubernetesVersion: string;
}

export async function schemaTools(t: TestContext): Promise<SchemaTools | undefined> {
  const kubeconform = join(cacheDir(), 'bin', 'kubeconform');
  const schemaLocation = process.env.OH_ENV_KUBE_SCHEMA_LOCATION;
  if (!existsSync(kubeconform) || !schemaLocation) return unavailable(t, 'kubeconform with offline schemas');
  return { kubeconform, schemaLocation, kubernetesVersion: process.env.OH_ENV_KUBE_VERSION ?? '1.37.0' };
}

export interface KubeTools {
  readonly kubectl: string;
  readonly kubeconfig: string;
}

export async function kubeTools(t: TestContext): Promise<KubeTools | undefined> {
  const kubectl = join(cacheDir(), 'bin', 'kubectl');
  const kubeconfig = process.env.OH_ENV_LAB_KUBECONFIG;
  if (!existsSync(kubectl) || !kubeconfig || !existsSync(kubeconfig))
    return unavailable(t, "the lab's Kubernetes control plane");
  return { kubectl, kubeconfig };
}
