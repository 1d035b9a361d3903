// The local target: a Compose project on a Docker engine. Each method loads its module when called, so a
// command pays only for what it uses (`render local` loads no Docker driver).
import { renderLocal } from '../../render/local/index.js';
import type { TargetAdapter } from '../target.js';
import { localChecks } from './checks.js';

export const localTarget: TargetAdapter = {
  name: 'local',
  summary: 'a Compose project on a Docker engine (this machine, or a remote one through DOCKER_HOST)',
  render: renderLocal,
  plan: async (ctx) => (await import('./survey.js')).planLocal(ctx),
  up: async (ctx) => (await import('./up.js')).upLocal(ctx),
  down: async (ctx, opts) => (await import('./down.js')).downLocal(ctx, opts),
  ps: async (ctx) => (await import('./ps.js')).psLocal(ctx),
  status: async (ctx) => {
    const [{ localStatusSource }, { projectName }] = await Promise.all([
      import('./status-source.js'),
      import('../../render/local/compose-project.js'),
    ]);
    return localStatusSource(projectName(ctx.env), ctx.procEnv);
  },
  logs: async (ctx, opts, onLine) => (await import('./logs.js')).logsLocal(ctx, opts, onLine),
  // The list is cheap (its checks load their modules when they run).
  checks: localChecks,
};
