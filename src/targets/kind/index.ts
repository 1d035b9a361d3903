// The kind target: a kind cluster on this machine, with the backends as emulators in the cluster. Each method
// loads its module when called (the kube driver, client-node), so `render kind` stays light.
import { renderKind } from '../../render/kind/index.js';
import type { TargetAdapter } from '../target.js';

export const kindTarget: TargetAdapter = {
  name: 'kind',
  summary: 'a kind cluster on this machine, with the backends as emulators in the cluster',
  render: renderKind,
  up: async (ctx) => (await import('./up.js')).upKind(ctx),
  down: async (ctx, opts) => (await import('./down.js')).downKind(ctx, opts),
};
