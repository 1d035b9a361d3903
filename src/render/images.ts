// Image references as a target pulls them: the model's `images.registry` goes before every service and job
// image that does not already name a registry host (a first path part with a dot or a port, or localhost).
import type { Environment } from '../model/schema.js';

const hasRegistryHost = (ref: string): boolean => {
  const first = ref.split('/')[0] ?? '';
  return ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
};

export function imageRef(env: Environment, image: string): string {
  const registry = env.images.registry;
  if (!registry || hasRegistryHost(image)) return image;
  return `${registry.replace(/\/+$/, '')}/${image}`;
}

/** Default images of the backends on local and kind (GKE uses managed services instead). */
export const BACKEND_IMAGES = {
  postgres: (version: string) => `postgres:${version}`,
  redis: (version: string) => `redis:${version}`,
  bucket: () => 'fsouza/fake-gcs-server:1.55.1',
} as const;
