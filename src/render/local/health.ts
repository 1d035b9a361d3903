// Health checks on local: Compose (and Docker) run the check INSIDE the container, so an HTTP probe needs a
// program the image has. `health.probeTool` names it; each tool gets a one-liner with the same meaning as a
// kubelet httpGet probe (GET, 2xx/3xx healthy). Readiness is preferred: it is what releases dependents.
import type { Issue } from '../../errors.js';
import type { Probe, Service } from '../../model/schema.js';
import { portNumber } from '../kube/probes.js';
import type { ComposeHealthcheck, HostCheck } from './compose-types.js';

type Tool = Service['health']['probeTool'];

function httpTest(tool: Exclude<Tool, 'none'>, url: string): string[] {
  switch (tool) {
    case 'curl':
      return ['CMD', 'curl', '-fsS', '-o', '/dev/null', url];
    case 'wget':
      return ['CMD', 'wget', '-q', '-O', '/dev/null', url];
    case 'python':
      // urlopen raises on 4xx/5xx, so the exit code is the verdict.
      return ['CMD', 'python3', '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=10)`];
    case 'node':
      return [
        'CMD',
        'node',
        '-e',
        `fetch('${url}').then((r) => process.exit(r.status < 400 ? 0 : 1), () => process.exit(1))`,
      ];
  }
}

function tcpTest(tool: Tool, port: number): string[] {
  switch (tool) {
    case 'python':
      return ['CMD', 'python3', '-c', `import socket; socket.create_connection(('127.0.0.1', ${port}), 10).close()`];
    case 'node':
      return [
        'CMD',
        'node',
        '-e',
        `require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`,
      ];
    default:
      // curl and wget speak no plain TCP; bash's /dev/tcp does (images with bash: Debian, Ubuntu, most language images).
      return ['CMD', 'bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`];
  }
}

/** The probe the local health check runs: readiness, else liveness. */
function checkedProbe(s: Service): { which: 'readiness' | 'liveness'; p: Probe } | undefined {
  const which = s.health.readiness ? 'readiness' : s.health.liveness ? 'liveness' : undefined;
  return which ? { which, p: s.health[which] as Probe } : undefined;
}

/** The health check as the host can ask it: an HTTP or TCP probe; none for a command. */
export function hostCheckOf(s: Service): HostCheck | undefined {
  const p = checkedProbe(s)?.p;
  if (p?.http) return { kind: 'http', port: portNumber(s.ports, p.http.port), path: p.http.path };
  if (p?.tcp !== undefined) return { kind: 'tcp', port: portNumber(s.ports, p.tcp) };
  return undefined;
}

export function healthcheckOf(name: string, s: Service, warnings: Issue[]): ComposeHealthcheck | undefined {
  const checked = checkedProbe(s);
  if (!checked) return undefined;
  const { which, p } = checked;
  const tool = s.health.probeTool;
  let test: string[];
  if (p.http) {
    if (tool === 'none') {
      warnings.push({
        path: `services.${name}.health.${which}.http`,
        message: `"${name}" gets no health check on local: probeTool is "none", so nothing in the image can run an HTTP probe`,
        hint: 'set health.probeTool to a tool the image has (curl, wget, python, node); until then dependents waiting for "healthy" only wait for "started" on local',
      });
      return undefined;
    }
    test = httpTest(tool, `http://127.0.0.1:${portNumber(s.ports, p.http.port)}${p.http.path}`);
  } else if (p.exec) {
    test = ['CMD', ...p.exec];
  } else {
    test = tcpTest(tool, portNumber(s.ports, p.tcp as number | string));
  }
  return { test, interval: p.interval, timeout: p.timeout, retries: p.retries, start_period: p.startPeriod };
}
