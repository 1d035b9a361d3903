// What tests and tools import from the lab: paths, environment, image names and versions. Importing this
// touches neither Docker nor the disk.
export { CLUSTER_NAME, labBin, labEnv, labPaths, type LabPaths } from './paths.js';
export {
  DEBIAN_IMAGE,
  DEMO_APP_IMAGE,
  FAKE_GCS_IMAGE,
  HASH_LABEL,
  KIND_NODE_IMAGE,
  KUBE_WAIT_IMAGE,
  LAB_IMAGE_PREFIX,
  POSTGRES_IMAGE,
  REDIS_IMAGE,
  TEST_INGRESS_IMAGE,
} from './images.js';
export { TEST_INGRESS_CLASS, TEST_INGRESS_NAME, TEST_INGRESS_NAMESPACE } from './test-ingress.js';
export { DEBIAN_SUITE, GO_TOOLS, KUBE_SCHEMA_VERSION, KUBE_VERSION } from './versions.js';
export { engineCgroupVersion, kindConfigPatches } from './kind-host.js';
