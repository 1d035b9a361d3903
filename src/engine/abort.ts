// Ctrl-C and SIGTERM as the engine sees them: the entry point aborts one signal with `signalError`, every
// long wait ends on it, and a run that stops because of it fails with E_INTERRUPTED, whose exit code (130
// after SIGINT, 143 after SIGTERM, as shells report a signal) lets a CI script tell it from bad input.
import { OhEnvError } from '../errors.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The reason the entry point aborts with when the process gets `sig`. */
export function signalError(sig: StopSignal): OhEnvError {
  return new OhEnvError('E_INTERRUPTED', sig === 'SIGINT' ? 'interrupted' : 'terminated', {
    exitCode: sig === 'SIGINT' ? 130 : 143,
  });
}

/**
 * The error a run ends with when `signal` aborted it: the signal's own reason when it is one of ours (so its
 * exit code survives), with `hint` added; E_INTERRUPTED (exit 130) when the reason says nothing.
 */
export function interrupted(signal: AbortSignal, hint: string): OhEnvError {
  const r: unknown = signal.reason;
  if (r instanceof OhEnvError)
    return r.hint !== undefined
      ? r
      : new OhEnvError(r.code, r.message, { hint, cause: r.cause, details: r.details, exitCode: r.exitCode });
  return new OhEnvError('E_INTERRUPTED', 'interrupted', { hint, exitCode: 130, cause: r });
}

/** Resolves when `signal` aborts (at once if it already has); never without a signal.. */
export function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** A promise that never settles: a way of racing that is never taken. */
export const never = (): Promise<never> => new Promise<never>(() => undefined);
