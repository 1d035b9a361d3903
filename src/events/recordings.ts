// Recorded event sequences under fixtures/events, shared by the reducer, renderer and dashboard tests.
import { readFileSync, readdirSync } from 'node:fs';
import { parseEvents } from './render-ndjson.js';
import type { OhEnvEvent } from './types.js';

export const RECORDINGS_DIR = new URL('../../fixtures/events/', import.meta.url);

export const recordingNames = (): string[] =>
  readdirSync(RECORDINGS_DIR)
    .filter((f) => f.endsWith('.ndjson'))
    .sort();

export const recording = (name: string): OhEnvEvent[] =>
  parseEvents(readFileSync(new URL(name, RECORDINGS_DIR), 'utf8'));
