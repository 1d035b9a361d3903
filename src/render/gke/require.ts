// The gke target needs `targets.gke`; every GKE renderer asks for it here, so the error is the same everywhere.
import { OhEnvError } from '../../errors.js';
import type { Environment, GkeTarget } from '../../model/schema.js';

/** The GKE settings, or the model error that nothing can be rendered without them. */
export function requireGke(env: Environment): GkeTarget {
  const gke = env.targets.gke;
  if (gke) return gke;
  throw new OhEnvError('E_MODEL_INVALID', 'the model has no GKE settings', {
    hint: 'add targets.gke (project, region) to the model or to envs/gke/overlay.yaml',
    issues: [
      {
        path: 'targets.gke',
        message: 'required to render or plan the gke target',
        expected: '{ project: <GCP project id>, region: <GCP region> }',
        hint: 'e.g. targets: { gke: { project: my-project, region: us-central1 } }',
      },
    ],
  });
}
