// Runs lab steps in order: each prints its name and duration to stderr; the first failure prints the step,
// the command to run by hand, the tail of its output and a hint, and stops the run. Steps are idempotent,
// so rerunning `lab up` continues from what is already there.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { StepError } from './exec.js';
import { labPaths } from './paths.js';

export interface StepContext {
  /** Log file of this step (every command's full output). */
  readonly log: string;
  readonly verbose: boolean;
  /** A line of progress under the step's name. */
  note(line: string): void;
}

export interface Step {
  readonly name: string;
  /** Does the work if needed; returns what it found or did ("present", "built in …"). */
  readonly run: (ctx: StepContext) => Promise<string>;
}

export interface RunStepsResult {
  readonly ok: boolean;
  readonly durations: readonly { readonly name: string; readonly seconds: number; readonly outcome: string }[];
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function runSteps(steps: readonly Step[], opts: { verbose?: boolean; rerun?: string } = {}) {
  const { logDir } = labPaths();
  mkdirSync(logDir, { recursive: true });
  const out = (line: string): void => void process.stderr.write(`${line}\n`);
  const durations: { name: string; seconds: number; outcome: string }[] = [];
  const total = Date.now();
  for (const step of steps) {
    const started = Date.now();
    const log = join(logDir, `${step.name.replace(/[^\w.-]+/g, '_')}.log`);
    out(`▶ ${step.name}`);
    try {
      const outcome = await step.run({ log, verbose: opts.verbose ?? false, note: (l) => out(`  ${l}`) });
      const seconds = (Date.now() - started) / 1000;
      durations.push({ name: step.name, seconds, outcome });
      out(`✓ ${step.name}: ${outcome} (${secs(Date.now() - started)})`);
    } catch (e) {
      out(`✗ ${step.name} failed after ${secs(Date.now() - started)}`);
      printFailure(e, log, out);
      if (opts.rerun) out(`  rerun: ${opts.rerun}   (continues from what is already there)`);
      return { ok: false, durations } satisfies RunStepsResult;
    }
  }
  out(`lab: ${steps.length} steps done in ${secs(Date.now() - total)}`);
  return { ok: true, durations } satisfies RunStepsResult;
}

function printFailure(e: unknown, log: string, out: (l: string) => void): void {
  if (e instanceof StepError) {
    out(`  error:   ${e.message}`);
    if (e.command) out(`  command: ${e.command}`);
    if (e.tail.length > 0) {
      out(`  output (last ${e.tail.length} lines):`);
      for (const l of e.tail) out(`    ${l}`);
    }
    if (e.hint) out(`  hint:    ${e.hint}`);
    out(`  log:     ${e.log ?? log}`);
  } else {
    out(`  error:   ${(e as Error)?.stack ?? String(e)}`);
    out(`  log:     ${log}`);
  }
}
