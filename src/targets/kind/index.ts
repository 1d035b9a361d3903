// The kind target: a local Kubernetes cluster. Only render is here so far; `up kind` and the rest come with
// the kube driver, and until then the registry's need() says "not available yet".
import { renderKind } from '../../render/kind/index.js';
import type { TargetAdapter } from '../target.js';

export const kindTarget: TargetAdapter = {
  name: 'kind',
  summary: 'a kind cluster on this machine, with the backends as emulators in the cluster',
  render: renderKind,
};
