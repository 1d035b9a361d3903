// Writes schema/events.schema.json from the zod definition in src/events/schema.ts (checked for staleness by
// src/events/schema.test.ts). `node --import tsx scripts/update-events-schema.ts`
import { writeFileSync } from 'node:fs';
import { EVENTS_SCHEMA_PATH, eventsJsonSchemaText } from '../src/events/schema.js';

writeFileSync(new URL(`../${EVENTS_SCHEMA_PATH}`, import.meta.url), eventsJsonSchemaText());
process.stderr.write(`${EVENTS_SCHEMA_PATH}\n`);
