// The driver's watch survives a dropped connection: the API server is reached through a TCP proxy on
// loopback, which cuts every connection and refuses new ones for a while (an API server restart, a network
// outage), while objects change behind its back. The watch reports the outage, then lists again and tells the
// changes it missed (a ConfigMap created, one deleted) as events: the caller's picture ends up right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { connectKube, type KubeResource } from '../../src/drivers/kube/index.js';
import { kubeTools } from './lab-access.js';

const NS = `ohe-rewatch-${process.pid}`;
const RUN = { 'oh-env.dev/e2e-run': `rewatch-${process.pid}` };

/** A pass-through TCP proxy that can cut its connections and refuse new ones. */
async function proxy(host: string, port: number) {
  const sockets = new Set<Socket>();
  let up = true;
  const server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host, port });
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    cut(): void {
      up = false;
      for (const s of sockets) s.destroy();
    },
    restore(): void {
      up = true;
    },
    close(): Promise<unknown> {
      this.cut(); // the client's idle keep-alive connections would hold close() back
      return new Promise((r) => server.close(r));
    },
  };
}

test(
  'watch: a dropped connection is reported, then the missed changes arrive as events',
  { timeout: 60_000 },
  async (t) => {
    const tools = await kubeTools(t);
    if (!tools) return;
    const direct = await connectKube({ kubeconfig: tools.kubeconfig });
    const target = new URL(direct.server);
    const p = await proxy(target.hostname, Number(target.port));
    const dir = mkdtempSync(join(tmpdir(), 'oh-env-rewatch-'));
    const config = parse(readFileSync(tools.kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] };
    for (const c of config.clusters) c.cluster.server = `https://127.0.0.1:${p.port}`;
    writeFileSync(join(dir, 'kubeconfig'), stringify(config));
    const cm = (name: string): KubeResource => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: NS, labels: RUN },
      data: { a: name },
    });
    await direct.apply([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: RUN } },
      cm('stays'),
      cm('goes'),
    ]);
    try {
      const viaProxy = await connectKube({ kubeconfig: join(dir, 'kubeconfig') });
      const seen: string[] = [];
      const errors: string[] = [];
      let onChange = (): void => undefined;
      const w = await viaProxy.watch(
        { apiVersion: 'v1', kind: 'ConfigMap' },
        { namespace: NS, labels: RUN },
        (type, o) => {
          seen.push(`${type} ${o.metadata.name}`);
          onChange();
        },
        { onError: (e) => errors.push(e.message) },
      );
      try {
        assert.deepEqual(seen.sort(), ['ADDED goes', 'ADDED stays']);
        seen.length = 0;
        p.cut();
        await direct.apply([cm('new')]);
        await direct
          .deleteByLabel([{ apiVersion: 'v1', kind: 'ConfigMap' }], { namespace: NS, labels: { ...RUN } })
          .then(
            async () => direct.apply([cm('stays'), cm('new')]), // "goes" stays deleted; the others are back
          );
        // Let the watch notice and fail at least once against the closed proxy.
        await new Promise((r) => setTimeout(r, 1500));
        p.restore();
        const restored = Date.now();
        await new Promise<void>((resolve) => {
          const done = (): boolean => seen.includes('DELETED goes') && seen.some((s) => s.endsWith(' new'));
          onChange = () => done() && resolve();
          if (done()) resolve();
        });
        assert.ok(Date.now() - restored < 8000, 'back within the longest backoff (5 s) and a list');
        assert.ok(errors.length > 0, 'the outage was reported');
        assert.match(errors[0]!, /watch/);
        assert.ok(
          !seen.includes('DELETED stays') || seen.lastIndexOf('ADDED stays') > seen.lastIndexOf('DELETED stays'),
          seen.join(', '),
        );
      } finally {
        w.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await direct.deleteByLabel([{ apiVersion: 'v1', kind: 'Namespace' }], { labels: RUN });
      await p.close();
    }
  },
);
