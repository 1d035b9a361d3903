// `--json`: one event per line on stdout, exactly as emitted (schema/events.schema.json describes a line).
import type { EventSink, OhEnvEvent, OutStream } from './types.js';

export function ndjsonSink(out: OutStream): EventSink {
  return { emit: (e) => void out.write(`${JSON.stringify(e)}\n`) };
}

/** Events from NDJSON text (recordings, `--json` output); blank lines skipped, a bad line throws with its number. */
export function parseNdjson(text: string): unknown[] {
  const out: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch (e) {
      throw new Error(`line ${i + 1} is not JSON: ${(e as Error).message}`, { cause: e });
    }
  });
  return out;
}

/** Typed view of NDJSON known to hold events (validate with EventSchema first when it comes from outside). */
export const parseEvents = (text: string): OhEnvEvent[] => parseNdjson(text) as OhEnvEvent[];
