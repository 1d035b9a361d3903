// What the Kubernetes contract tests need from the lab (e2e/lab): kubeconform with its offline schemas, and
// kubectl with the kubeconfig of the lab's control plane. Under `npm test` the lab is brought up first, so
// anything missing is a failure; run on its own (npx node --import tsx --test e2e/kube/…) without the lab, a
// test is skipped and says how to get it.
import type { TestContext } from 'node:test';
import { existsSync } from 'node:fs';
import { labBin, labPaths } from '../lab/index.js';

/** npm sets this for `npm test` and everything it runs, the e2e step included. */
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
  const kubeconform = labBin('kubeconform');
  const p = labPaths();
  const deployment = p.schemaLocation
    .replace('{{.NormalizedKubernetesVersion}}', `v${p.schemaKubernetesVersion}`)
    .replace('{{.StrictSuffix}}', '-strict')
    .replace('{{.ResourceKind}}{{.KindSuffix}}', 'deployment-apps-v1');
  if (!existsSync(kubeconform) || !existsSync(deployment)) return unavailable(t, 'kubeconform with offline schemas');
  return { kubeconform, schemaLocation: p.schemaLocation, kubernetesVersion: p.schemaKubernetesVersion };
}

export interface KubeTools {
  readonly kubectl: string;
  readonly kubeconfig: string;
}

export async function kubeTools(t: TestContext): Promise<KubeTools | undefined> {
  const kubectl = labBin('kubectl');
  const { kubeconfig } = labPaths();
  if (!existsSync(kubectl) || !existsSync(kubeconfig)) return unavailable(t, "the lab's Kubernetes control plane");
  // A kubeconfig can outlive its cluster: ask the API server before relying on it.
  const { execa } = await import('execa');
  const alive = await execa(kubectl, ['--kubeconfig', kubeconfig, '--request-timeout=5s', 'get', '--raw', '/readyz'], {
    reject: false,
  });
  if (alive.exitCode !== 0)
    return unavailable(t, "the lab's Kubernetes control plane (its API server does not answer)");
  return { kubectl, kubeconfig };
}
