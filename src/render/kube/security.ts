// securityContext of every pod and container oh-env renders (the same on kind and GKE, so a permission
// problem shows on kind before it reaches GKE): seccomp RuntimeDefault, no privilege escalation, all
// capabilities dropped.
//
// Non-root where possible: the model does not say which user an image runs as, so oh-env keeps the image's
// user unless it knows better. It knows the OpenHands images: their entrypoint must run as root to set up the
// sandbox user (and stats the Docker socket) unless NO_SETUP=true, in which case they run as their own
// `openhands` user, uid 42420 (containers/app/Dockerfile; the Cloud Helm chart runs them like that). So a
// workload with NO_SETUP=true runs as uid/gid 42420 with nothing added back; any other workload may start as
// root and gets back only what an entrypoint needs to chown its data and drop to an unprivileged user
// (postgres, redis, nginx do exactly that). The default model's app keeps its entrypoint (SANDBOX_USER_ID=0),
// so it is one of those.
import type { Workload } from '../../model/schema.js';

export const OPENHANDS_UID = 42420;
/** What an image entrypoint that starts as root needs to own its data and switch user. */
export const ROOT_ENTRYPOINT_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'NET_BIND_SERVICE'];

export const runsAsOpenHandsUser = (w: Pick<Workload, 'env'>): boolean => w.env.NO_SETUP === 'true';

export function podSecurityContext(w: Pick<Workload, 'env'> | undefined): Record<string, unknown> {
  const base = { seccompProfile: { type: 'RuntimeDefault' } };
  if (!w || !runsAsOpenHandsUser(w)) return base;
  return {
    ...base,
    runAsNonRoot: true,
    runAsUser: OPENHANDS_UID,
    runAsGroup: OPENHANDS_UID,
    fsGroup: OPENHANDS_UID,
  };
}

export function containerSecurityContext(w: Pick<Workload, 'env'> | undefined): Record<string, unknown> {
  const nonRoot = w !== undefined && runsAsOpenHandsUser(w);
  return {
    allowPrivilegeEscalation: false,
    capabilities: nonRoot ? { drop: ['ALL'] } : { drop: ['ALL'], add: [...ROOT_ENTRYPOINT_CAPABILITIES] },
  };
}
