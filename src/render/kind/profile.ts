// What kind changes on the neutral Kubernetes objects: images are loaded into the cluster (`kind load`), never
// pulled, and the Ingress is served by ingress-nginx, which `up kind` installs. The backends run in the
// cluster, so pods wait for them like for any dependency.
import { mapContainers, mapSpecs } from '../kube/patch.js';
import type { KubePatch, KubeProfile } from '../kube/meta.js';

/** A loaded image is used as it is: `Always` (the default for `:latest`) would try a registry kind cannot reach. */
const useLoadedImages: KubePatch = (objects) =>
  mapContainers(objects, (c) => ({ ...c, imagePullPolicy: 'IfNotPresent' }));

const nginxIngress: KubePatch = (objects) =>
  mapSpecs(objects, 'Ingress', (spec) => ({ ...spec, ingressClassName: 'nginx' }));

export const KIND_PROFILE: KubeProfile = {
  backendsReadyBeforeApply: false,
  managedCertificates: false,
  applyTimeNotes: () => [],
  patches: [useLoadedImages, nginxIngress],
};
