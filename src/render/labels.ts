// The labels oh-env puts on what it creates, on every target (Compose containers, Kubernetes objects), and
// how to read them back. One module, so a reader (ps, status, down) and a writer never disagree.
export const LABEL_ENV = 'dev.oh-env.env';
/** What a resource is to the model: service, job, backend (Kubernetes also: environment, sandbox). */
export const LABEL_KIND = 'dev.oh-env.kind';
/** Set on a local service that gets the Docker socket, saying why. */
export const LABEL_DOCKER_SOCKET = 'dev.oh-env.docker-socket';

export type ModelKind = 'service' | 'job' | 'backend';

/** The model kind a resource's labels name; anything else (or nothing) is a service. */
export function kindOf(labels: Readonly<Record<string, string>>): ModelKind {
  const k = labels[LABEL_KIND];
  return k === 'job' || k === 'backend' ? k : 'service';
}
