// The kind set's pure parts: which capabilities a host lacks, the docker shim's rewriting (run through bash
// against a fake docker), the kind config patches per cgroup version, the component images for kubeadm's
// list, and which purposes include the kind set. (The cluster itself is checked by e2e/lab-kind.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { dockerShim, kindConfigPatches, missingCapabilities } from './kind-host.js';
import { componentImages, pauseTag, sandboxImage } from './kind-node.js';
import { plan } from './plan.js';

test('missing capabilities come from the CapBnd mask (bit 24 is SYS_RESOURCE)', () => {
  assert.deepEqual(missingCapabilities('Name:\tx\nCapBnd:\t000001fffeffffff\n'), ['SYS_RESOURCE']);
  assert.deepEqual(missingCapabilities('CapBnd:\t000001ffffffffff\n'), []);
  assert.deepEqual(missingCapabilities('CapBnd:\t000001fffefffffe\n'), ['CHOWN', 'SYS_RESOURCE']);
});

test('the docker shim turns --privileged into the host capabilities for run/create, drops it for exec', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-lab-shim-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fake = join(dir, 'real-docker');
  writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n');
  chmodSync(fake, 0o755);
  const shim = join(dir, 'docker');
  writeFileSync(shim, dockerShim(fake, ['SYS_RESOURCE'], ['/dev/kmsg']));
  chmodSync(shim, 0o755);
  const args = (...a: string[]): string[] => execFileSync(shim, a, { encoding: 'utf8' }).trimEnd().split('\n');
  assert.deepEqual(args('run', '--privileged', '--name', 'n 1', 'img'), [
    'run',
    '--cap-add=ALL',
    '--cap-drop=SYS_RESOURCE',
    '--security-opt=systempaths=unconfined',
    '--device-cgroup-rule=a *:* rwm',
    '--device=/dev/kmsg',
    '--name',
    'n 1',
    'img',
  ]);
  assert.deepEqual(args('exec', '--privileged', '-i', 'c', 'sh'), ['exec', '-i', 'c', 'sh']);
  assert.deepEqual(args('ps', '--privileged'), ['ps', '--privileged']);
});

test('only a cgroup v1 host gets the failCgroupV1: false kubelet patch', () => {
  assert.deepEqual(kindConfigPatches({ cgroupVersion: 2 }), []);
  assert.deepEqual(kindConfigPatches({ cgroupVersion: 1 }), ['kind: KubeletConfiguration\nfailCgroupV1: false\n']);
});

test("component images: one per name kubeadm lists, pause also under containerd's sandbox image", () => {
  const list = [
    'registry.k8s.io/kube-apiserver:v1.37.2',
    'registry.k8s.io/kube-proxy:v1.37.2',
    'registry.k8s.io/coredns/coredns:v1.14.6',
    'registry.k8s.io/pause:3.10.2',
    'registry.k8s.io/etcd:3.7.0-0',
  ];
  const images = componentImages(list, 'registry.k8s.io/pause:3.10');
  assert.deepEqual(
    images.map((c) => [c.spec.name, c.nodeTags.join(' ')]),
    [
      ['oh-env-lab/kind-kube-apiserver:v1.37.2', 'registry.k8s.io/kube-apiserver:v1.37.2'],
      ['oh-env-lab/kind-kube-proxy:v1.37.2', 'registry.k8s.io/kube-proxy:v1.37.2'],
      ['oh-env-lab/kind-coredns:v1.14.6', 'registry.k8s.io/coredns/coredns:v1.14.6'],
      ['oh-env-lab/kind-pause:3.10.2', 'registry.k8s.io/pause:3.10.2 registry.k8s.io/pause:3.10'],
      ['oh-env-lab/kind-etcd:3.7.0-0', 'registry.k8s.io/etcd:3.7.0-0'],
    ],
  );
  assert.match(
    images[0]?.spec.dockerfile ?? '',
    /^FROM scratch\n[^]*COPY kube-apiserver \/usr\/local\/bin\/kube-apiserver\n/,
  );
  assert.match(images[2]?.spec.dockerfile ?? '', /ENTRYPOINT \["\/coredns"\]/);
  assert.throws(() => componentImages(['registry.k8s.io/kindnetd:v1'], 'p:1'), /does not build/);
});

test("pause's version and containerd's sandbox image are read from the module files", () => {
  assert.equal(pauseTag('IMAGE = $(REGISTRY)/pause\nTAG ?= 3.10.2\nREV = 0\n'), '3.10.2');
  assert.equal(
    sandboxImage('[x]\n  # use fixed sandbox image\n  sandbox_image = "registry.k8s.io/pause:3.10"\n'),
    'registry.k8s.io/pause:3.10',
  );
});

test('the kind set is in --for kind and all, not in e2e or demo; all runs each step once', () => {
  const names = (p: Parameters<typeof plan>[0]) => plan(p).map((s) => s.name);
  for (const p of ['demo', 'e2e'] as const) assert.ok(!names(p).includes('kind node image'), p);
  assert.ok(names('kind').includes('kind node image'));
  assert.ok(!names('kind').includes('control plane'));
  const all = names('all');
  assert.ok(all.includes('kind node image') && all.includes('control plane'));
  assert.equal(new Set(all).size, all.length);
});
