// Images: only looked up, never pulled (oh-env runs what the engine has; the lab builds images offline).
import type { DockerClient } from './client.js';

/** The image's ID (sha256:…), or undefined when the engine does not have it. */
export async function imageId(client: DockerClient, ref: string): Promise<string | undefined> {
  const img = await client.get<{ Id: string }>(`/images/${encodeURIComponent(ref)}/json`);
  return img?.Id;
}
