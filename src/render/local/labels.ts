// Labels and names oh-env puts on every local resource, beside the Compose ones (targets/local/compose-labels.ts).
export const LABEL_ENV = 'dev.oh-env.env';
export const LABEL_KIND = 'dev.oh-env.kind';
export const LABEL_DOCKER_SOCKET = 'dev.oh-env.docker-socket';

/** A named volume's key in the project: `<service>-<volume>` (Docker names it `<project>_<key>`). */
export const volumeKey = (owner: string, volume: string): string => `${owner}-${volume}`;
