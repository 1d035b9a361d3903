// Names oh-env gives local resources, beside the Compose labels (targets/local/compose-labels.ts); the
// oh-env labels themselves are the same on every target (render/labels.ts).
export { LABEL_DOCKER_SOCKET, LABEL_ENV, LABEL_KIND } from '../labels.js';

/** A named volume's key in the project: `<service>-<volume>` (Docker names it `<project>_<key>`). */
export const volumeKey = (owner: string, volume: string): string => `${owner}-${volume}`;
