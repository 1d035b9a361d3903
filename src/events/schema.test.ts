import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { EVENTS_SCHEMA_PATH, EventSchema, eventsJsonSchemaText } from './schema.js';
import { recording, recordingNames } from './recordings.js';

const committed = readFileSync(new URL(`../../${EVENTS_SCHEMA_PATH}`, import.meta.url), 'utf8');

const eventValidator = () => new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(committed));

test('the committed events JSON Schema is the one generated from the zod definition', () => {
  assert.equal(committed, eventsJsonSchemaText(), 'stale: run `npm run golden:update`');
});

test('every recorded event validates against the published schema and the zod schema', () => {
  const validate = eventValidator();
  const names = recordingNames();
  assert.ok(names.length >= 3);
  for (const name of names)
    for (const [i, e] of recording(name).entries()) {
      assert.ok(validate(e), `${name}:${i + 1}: ${JSON.stringify(validate.errors)}`);
      assert.ok(EventSchema.safeParse(e).success, `${name}:${i + 1}`);
    }
});

test('the schema rejects an unknown event type, an unknown state and an extra field', () => {
  const validate = eventValidator();
  const ok = { type: 'resource.status', time: 1, resource: 'app', kind: 'service', state: 'healthy' };
  assert.ok(validate(ok));
  assert.equal(validate({ ...ok, type: 'resource.exploded' }), false);
  assert.equal(validate({ ...ok, state: 'sleepy' }), false);
  assert.equal(validate({ ...ok, secretValue: 'hunter2' }), false);
  assert.equal(validate({ type: 'log', time: 1, resource: 'app', stream: 'stdin', line: 'x' }), false);
});
