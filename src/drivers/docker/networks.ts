// Networks of a project, found by exact name (the engine's name filter matches substrings).
import type { DockerClient } from './client.js';

export interface NetworkInfo {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export async function findNetwork(client: DockerClient, name: string): Promise<NetworkInfo | undefined> {
  const n = await client.get<{ Id: string; Name: string; Labels: Record<string, string> | null }>(
    `/networks/${encodeURIComponent(name)}`,
  );
  return n && n.Name === name ? { id: n.Id, name: n.Name, labels: n.Labels ?? {} } : undefined;
}

export async function createNetwork(
  client: DockerClient,
  name: string,
  labels: Readonly<Record<string, string>>,
): Promise<string> {
  const n = await client.call<{ Id: string }>({
    method: 'POST',
    path: '/networks/create',
    body: { Name: name, Driver: 'bridge', Labels: { ...labels }, CheckDuplicate: true },
  });
  return n!.Id;
}

export async function listNetworks(client: DockerClient, label: string): Promise<NetworkInfo[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
  const list =
    (await client.get<{ Id: string; Name: string; Labels: Record<string, string> | null }[]>(
      `/networks?filters=${filters}`,
    )) ?? [];
  return list.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
}

export async function removeNetwork(client: DockerClient, id: string): Promise<void> {
  await client.call({ method: 'DELETE', path: `/networks/${encodeURIComponent(id)}` });
}
