// Named volumes. Data lives here; only `down --volumes` removes them.
import type { DockerClient } from './client.js';

export interface VolumeInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export async function findVolume(client: DockerClient, name: string): Promise<VolumeInfo | undefined> {
  const v = await client.get<{ Name: string; Labels: Record<string, string> | null }>(
    `/volumes/${encodeURIComponent(name)}`,
  );
  return v ? { name: v.Name, labels: v.Labels ?? {} } : undefined;
}

export async function createVolume(
  client: DockerClient,
  name: string,
  labels: Readonly<Record<string, string>>,
): Promise<void> {
  await client.call({
    method: 'POST',
    path: '/volumes/create',
    body: { Name: name, Driver: 'local', Labels: { ...labels } },
  });
}

export async function listVolumes(client: DockerClient, label: string): Promise<VolumeInfo[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
  const r = await client.get<{ Volumes: { Name: string; Labels: Record<string, string> | null }[] | null }>(
    `/volumes?filters=${filters}`,
  );
  return (r?.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
}

export async function removeVolume(client: DockerClient, name: string): Promise<void> {
  await client.call({ method: 'DELETE', path: `/volumes/${encodeURIComponent(name)}` });
}
