// The manifest of the lab's TEST ingress controller (e2e/lab/test-ingress, a stand-in for ingress-nginx on the
// lab's kind clusters only; see docs/lab.md). `lab up --for kind` writes it to the lab cache and `labEnv()`
// names it in OH_ENV_KIND_INGRESS_MANIFEST, so `oh-env up kind` under the lab applies it instead of the pinned
// ingress-nginx manifest. The image is pre-imported into the node image, so nothing is pulled or loaded.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { TEST_INGRESS_IMAGE } from './images.js';
import { labPaths } from './paths.js';
import type { StepContext } from './runner.js';

export const TEST_INGRESS_NAMESPACE = 'oh-env-lab-ingress';
export const TEST_INGRESS_NAME = 'test-ingress-controller';
/** The class the kind render puts on every Ingress (src/render/kind/profile.ts), as ingress-nginx's manifest names it. */
export const TEST_INGRESS_CLASS = 'nginx';

const labels = { 'app.kubernetes.io/name': TEST_INGRESS_NAME, 'app.kubernetes.io/part-of': 'oh-env-lab' };

export function testIngressObjects(image: string = TEST_INGRESS_IMAGE): Record<string, unknown>[] {
  const meta = (name: string, namespaced = true) => ({
    name,
    ...(namespaced ? { namespace: TEST_INGRESS_NAMESPACE } : {}),
    labels,
  });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: meta(TEST_INGRESS_NAMESPACE, false) },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(TEST_INGRESS_NAME) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(`oh-env-lab:${TEST_INGRESS_NAME}`, false),
      rules: [
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
        // Services for the backends' ClusterIP:port (kube-proxy balances), Secrets for the Ingresses' TLS.
        { apiGroups: [''], resources: ['services', 'secrets'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(`oh-env-lab:${TEST_INGRESS_NAME}`, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `oh-env-lab:${TEST_INGRESS_NAME}` },
      subjects: [{ kind: 'ServiceAccount', name: TEST_INGRESS_NAME, namespace: TEST_INGRESS_NAMESPACE }],
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: meta(TEST_INGRESS_CLASS, false),
      spec: { controller: 'oh-env.dev/lab-test-ingress-controller' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(TEST_INGRESS_NAME),
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': TEST_INGRESS_NAME } },
        // hostPort 80/443 on the one ingress-ready node: a second pod could not start beside the old one.
        strategy: { type: 'Recreate' },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: TEST_INGRESS_NAME,
            nodeSelector: { 'ingress-ready': 'true', 'kubernetes.io/os': 'linux' },
            tolerations: [
              { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
              { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
            ],
            terminationGracePeriodSeconds: 5,
            containers: [
              {
                name: 'controller',
                image,
                imagePullPolicy: 'IfNotPresent',
                args: [`--ingress-class=${TEST_INGRESS_CLASS}`, '--publish-address=$(HOST_IP)'],
                env: [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }],
                // Unprivileged ports in the container; the node's 80/443 (kind's extraPortMappings) map to them.
                ports: [
                  { name: 'http', containerPort: 8080, hostPort: 80, protocol: 'TCP' },
                  { name: 'https', containerPort: 8443, hostPort: 443, protocol: 'TCP' },
                  { name: 'health', containerPort: 10254, protocol: 'TCP' },
                ],
                // /healthz answers 200 only once the informers have synced and the first routes are served.
                readinessProbe: {
                  httpGet: { path: '/healthz', port: 'health' },
                  periodSeconds: 1,
                  failureThreshold: 3,
                },
                livenessProbe: {
                  httpGet: { path: '/healthz', port: 'health' },
                  periodSeconds: 10,
                  failureThreshold: 6,
                },
                resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: 65532,
                  runAsGroup: 65532,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    },
  ];
}

export const testIngressManifest = (image?: string): string =>
  testIngressObjects(image)
    .map((o) => stringify(o, { lineWidth: 0 }))
    .join('---\n');

/** Step: write the manifest where OH_ENV_KIND_INGRESS_MANIFEST points (rewritten only when it changed). */
export async function ensureTestIngressManifest(_ctx: StepContext): Promise<string> {
  const file = labPaths().kindIngressManifest;
  const text = testIngressManifest();
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return `${file} up to date`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return `${file} written`;
}
