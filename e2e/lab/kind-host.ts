// What the Docker engine lets a kind node do on this host, found by probes, and the two workarounds that follow.
// kind runs its node with `docker run --privileged` (and `docker exec --privileged`). An engine asks the kernel
// for every capability it knows for that; on a VM whose capability bounding set lacks one (CAP_SYS_RESOURCE on
// the lab's CI-sized VMs) Debian's Docker 20.10 then fails with "unable to apply caps". Only there the lab
// writes a `docker` shim (first on PATH in labEnv) that turns --privileged into every capability the host has.
// And kubelet ≥ 1.35 refuses cgroup v1 unless its config says `failCgroupV1: false`: only on a v1 host is that
// patch part of the kind config. On an ordinary host (full capabilities, cgroup v2) neither is used.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { must, probe, run, StepError } from './exec.js';
import { DEBIAN_IMAGE } from './images.js';
import { labPaths } from './paths.js';
import type { StepContext } from './runner.js';
import { updateState, which, writeFileAtomic } from './state.js';

/** Linux capability numbers → the names Docker's --cap-add/--cap-drop take (capability.h order). */
const CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
] as const;

/** The capabilities (of those Docker knows) missing from a `CapBnd:` mask of /proc/<pid>/status. */
export function missingCapabilities(status: string): string[] {
  const hex = /^CapBnd:\s*([0-9a-f]+)$/im.exec(status)?.[1];
  if (!hex) return [];
  const mask = BigInt(`0x${hex}`);
  return CAPABILITIES.filter((_, i) => (mask & (1n << BigInt(i))) === 0n);
}

export interface KindHost {
  /** `docker run --privileged` works. */
  readonly privileged: boolean;
  /** Capabilities the shim drops (empty when privileged works). */
  readonly missingCaps: readonly string[];
  /** The engine's cgroup version. */
  readonly cgroupVersion: 1 | 2;
}

/** The kubeadm config patches a kind cluster made from the lab's node image needs on this host. */
export function kindConfigPatches(host: Pick<KindHost, 'cgroupVersion'>): string[] {
  return host.cgroupVersion === 1 ? ['kind: KubeletConfiguration\nfailCgroupV1: false\n'] : [];
}

/** The docker shim: --privileged becomes every capability but the missing ones, plus what privileged adds. */
export function dockerShim(realDocker: string, missingCaps: readonly string[], devices: readonly string[]): string {
  const replacement = [
    '--cap-add=ALL',
    ...missingCaps.map((c) => `--cap-drop=${c}`),
    '--security-opt=systempaths=unconfined',
    "'--device-cgroup-rule=a *:* rwm'",
    ...devices.map((d) => `--device=${d}`),
  ].join(' ');
  return `#!/bin/bash
# Written by \`npm run lab -- up --for kind\` because this engine cannot grant --privileged (a probe failed):
# the host's capability bounding set lacks ${missingCaps.join(', ')}, and the engine asks for every capability
# for --privileged. kind uses --privileged for its node (docker run) and for docker exec; everything else
# passes through unchanged. See docs/lab.md ("kind").
real=${realDocker}
case "\${1:-}" in
  run|create)
    args=()
    for a in "$@"; do
      if [[ "$a" == --privileged ]]; then args+=(${replacement}); else args+=("$a"); fi
    done
    exec "$real" "\${args[@]}" ;;
  exec)
    args=()
    for a in "$@"; do [[ "$a" == --privileged ]] || args+=("$a"); done
    exec "$real" "\${args[@]}" ;;
esac
exec "$real" "$@"
`;
}

const shimFile = (): string => join(labPaths().kindShimDir, 'docker');

/** The real docker CLI (never the lab's shim). */
function realDocker(): string | undefined {
  const shimDir = labPaths().kindShimDir;
  const saved = process.env.PATH;
  try {
    process.env.PATH = (saved ?? '')
      .split(delimiter)
      .filter((d) => d !== shimDir)
      .join(delimiter);
    return which('docker');
  } finally {
    process.env.PATH = saved;
  }
}

/** The engine's cgroup version (`docker info`); 2 when the engine does not say. */
export async function engineCgroupVersion(): Promise<1 | 2> {
  const v = await probe('docker', ['info', '--format', '{{.CgroupVersion}}'], { timeoutMs: 15_000 });
  return v === '1' ? 1 : 2;
}

/** Probes the engine (a tiny privileged container of the lab's base image) and reads the host's cgroup version. */
export async function probeKindHost(log?: string): Promise<KindHost> {
  const docker = realDocker() ?? 'docker';
  const cgroupVersion = await engineCgroupVersion();
  const tryRun = (flags: string[]) =>
    run(docker, ['run', '--rm', '--network', 'none', ...flags, DEBIAN_IMAGE, 'true'], { log, timeoutMs: 60_000 });
  const privileged = await tryRun(['--privileged']);
  if (privileged.code === 0) return { privileged: true, missingCaps: [], cgroupVersion };
  if (!privileged.tail.some((l) => /unable to apply caps|operation not permitted/.test(l))) {
    throw new StepError(
      `docker run --privileged ${DEBIAN_IMAGE} failed, and not for missing capabilities`,
      `docker run --rm --privileged ${DEBIAN_IMAGE} true`,
      privileged.tail,
      'kind runs its node privileged; fix the engine (its log says more), then rerun',
    );
  }
  // The engine runs on this host (the lab's own or the local socket), so its bounding set is ours.
  const missingCaps = missingCapabilities(readFileSync('/proc/self/status', 'utf8'));
  const fallback = ['--cap-add=ALL', ...missingCaps.map((c) => `--cap-drop=${c}`)];
  const shimmed = await tryRun([...fallback, '--security-opt=systempaths=unconfined']);
  if (missingCaps.length === 0 || shimmed.code !== 0) {
    throw new StepError(
      `docker run --privileged fails ("unable to apply caps") and so does ${fallback.join(' ')}`,
      `docker run --rm ${fallback.join(' ')} ${DEBIAN_IMAGE} true`,
      [...privileged.tail, ...shimmed.tail],
      'the engine cannot run a kind node here; a host (or VM) with the full capability set can',
    );
  }
  return { privileged: false, missingCaps, cgroupVersion };
}

/** Step: probe, then write the shim only when privileged fails (and remove one an earlier probe wrote). */
export async function ensureKindHost(ctx: StepContext): Promise<string> {
  const host = await probeKindHost(ctx.log);
  const docker = realDocker();
  if (host.privileged) {
    rmSync(shimFile(), { force: true });
  } else {
    if (!docker) throw new StepError('docker CLI not found on PATH', 'docker version');
    mkdirSync(labPaths().kindShimDir, { recursive: true });
    // Privileged would pass every host device; kind's node needs these two (kubelet reads /dev/kmsg).
    const devices = ['/dev/kmsg', '/dev/fuse'].filter((d) => existsSync(d));
    writeFileAtomic(shimFile(), dockerShim(docker, host.missingCaps, devices));
    chmodSync(shimFile(), 0o755);
    // The shim must run exactly as written: a quick real use of it.
    await must(shimFile(), ['run', '--rm', '--network', 'none', '--privileged', DEBIAN_IMAGE, 'true'], {
      log: ctx.log,
      what: 'docker shim run --privileged',
      timeoutMs: 60_000,
    });
  }
  updateState((s) => {
    s.kindHost = { ...host, missingCaps: [...host.missingCaps], probedAt: new Date().toISOString() };
  });
  const cgroup = `cgroup v${host.cgroupVersion}${host.cgroupVersion === 1 ? ' (kind config gets failCgroupV1: false)' : ''}`;
  return host.privileged
    ? `--privileged works; no shim; ${cgroup}`
    : `--privileged fails (missing ${host.missingCaps.join(', ')}): docker shim ${shimFile()}; ${cgroup}`;
}

/** Whether the lab's shim is in place (status). */
export const kindShimPresent = (): boolean => existsSync(shimFile());
