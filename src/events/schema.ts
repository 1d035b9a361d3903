// The single definition of the event stream: the TypeScript types (types.ts) are inferred from these zod
// schemas, and the published JSON Schema (schema/events.schema.json, for `--json` consumers) is generated
// from them, so the three cannot drift. Events carry no secret values: env keys are names only.
import { z } from 'zod';
import { TARGETS } from '../model/targets.js';

export const RESOURCE_STATES = [
  'pending',
  'starting',
  'healthy',
  'unhealthy',
  'running',
  'exited',
  'failed',
  'removed',
] as const;
export const RESOURCE_KINDS = ['service', 'job', 'backend', 'network', 'volume', 'cluster', 'cloud'] as const;

const time = z.number().nonnegative().describe('milliseconds since the epoch');
const name = z.string().min(1);

const RunStarted = z
  .object({
    type: z.literal('run.started'),
    time,
    command: z.string().describe('the oh-env command: up, down, status'),
    env: z.string().describe('environment name (metadata.name)'),
    target: z.enum(TARGETS),
    context: z.string().describe('where it runs: Docker host, kube context or GCP project'),
  })
  .strict();

const RunEnded = z
  .object({
    type: z.literal('run.ended'),
    time,
    ok: z.boolean(),
    durationMs: z.number().nonnegative(),
    summary: z.string(),
  })
  .strict();

const StepStarted = z
  .object({
    type: z.literal('step.started'),
    time,
    id: name,
    title: z.string(),
    resource: z.string().optional(),
  })
  .strict();

const StepProgressed = z
  .object({
    type: z.literal('step.progressed'),
    time,
    id: name,
    message: z.string(),
    fraction: z.number().min(0).max(1).optional(),
  })
  .strict();

const StepEnded = z
  .object({
    type: z.literal('step.ended'),
    time,
    id: name,
    ok: z.boolean(),
    durationMs: z.number().nonnegative(),
    message: z.string().optional(),
  })
  .strict();

const ResourceStatus = z
  .object({
    type: z.literal('resource.status'),
    time,
    resource: name,
    kind: z.enum(RESOURCE_KINDS),
    state: z.enum(RESOURCE_STATES),
    exitCode: z.number().int().optional().describe('exited(code): the exit code'),
    reason: z.string().optional().describe('why: exit reason, failure, what it waits for'),
    health: z.string().optional().describe('healthy / unhealthy / starting, when the resource has a health check'),
    image: z.string().optional(),
    ports: z.array(z.string()).readonly().optional().describe('published ports, e.g. 127.0.0.1:3000->3000/tcp'),
    url: z.string().optional(),
    restarts: z.number().int().nonnegative().optional(),
    startedAt: z.number().optional().describe('milliseconds since the epoch'),
    envKeys: z.array(z.string()).readonly().optional().describe('names of the environment variables, never values'),
    healthOutput: z.string().optional().describe('output of the last health check'),
  })
  .strict()
  .describe('Fields left out keep their previous value; state is always given.');

const ResourceStats = z
  .object({
    type: z.literal('resource.stats'),
    time,
    resource: name,
    cpuPercent: z.number().nonnegative().describe('percent of one core'),
    memoryBytes: z.number().nonnegative(),
  })
  .strict();

const Log = z
  .object({
    type: z.literal('log'),
    time,
    resource: name,
    stream: z.enum(['stdout', 'stderr']),
    line: z.string(),
  })
  .strict();

const Warning = z
  .object({
    type: z.literal('warning'),
    time,
    message: z.string(),
    resource: z.string().optional(),
    hint: z.string().optional(),
  })
  .strict();

const ErrorEvent = z
  .object({
    type: z.literal('error'),
    time,
    code: z.string(),
    message: z.string(),
    resource: z.string().optional(),
    hint: z.string().optional(),
  })
  .strict();

export const EventSchema = z.discriminatedUnion('type', [
  RunStarted,
  RunEnded,
  StepStarted,
  StepProgressed,
  StepEnded,
  ResourceStatus,
  ResourceStats,
  Log,
  Warning,
  ErrorEvent,
]);

/** JSON Schema of one NDJSON line of `--json` progress output; committed as schema/events.schema.json. */
export function eventsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(EventSchema, { io: 'output' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://oh-env.dev/schema/events.schema.json',
    title: 'oh-env event',
    description:
      'One line of `oh-env up|down|status --json` progress output (NDJSON): what targets emit, ' +
      'the same stream the dashboard and the plain printer read.',
  };
}

export const EVENTS_SCHEMA_PATH = 'schema/events.schema.json';

/** The committed file's exact text. */
export const eventsJsonSchemaText = (): string => `${JSON.stringify(eventsJsonSchema(), null, 2)}\n`;
