// Where fake-gcs-server (1.55.1) differs from GCS in ways that matter to an OpenHands deployment. Each test
// asserts the emulator's CURRENT behaviour, so it fails the day the gap closes: then update docs/emulators.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Bucket } from '@google-cloud/storage';
import { createBucket, startFakeGcs, type FakeGcs } from '../../src/drivers/fake-gcs.js';

describe('known gaps of fake-gcs-server (docs/emulators.md)', () => {
  let gcs: FakeGcs;
  let bucket: Bucket;
  // A service-account key that GCS never issued: real GCS would reject anything signed with it.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  before(async () => {
    gcs = await startFakeGcs();
    await createBucket(gcs.url, 'gaps');
    const { Storage } = await import('@google-cloud/storage');
    bucket = new Storage({
      apiEndpoint: gcs.url,
      projectId: 'oh-env-local',
      credentials: {
        client_email: 'nobody@oh-env-local.iam.gserviceaccount.com',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    }).bucket('gaps');
  });
  after(async () => gcs?.stop());

  test('gap: signed URLs are not verified (a tampered signature still downloads)', async () => {
    const name = `sessions/${randomUUID()}/events/0.json`;
    await bucket.file(name).save('{"id":0}', { resumable: false });
    const [url] = await bucket.file(name).getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + 60_000 });
    const tampered = new URL(url);
    tampered.searchParams.set('X-Goog-Signature', '00'.repeat(256));
    const res = await fetch(tampered.toString().replace(/^https:\/\/[^/]+/, gcs.url));
    assert.equal(res.status, 200, 'GCS answers 403 SignatureDoesNotMatch');
    assert.equal(await res.text(), '{"id":0}');
  });

  test('gap: no authentication or IAM (a request without credentials succeeds)', async () => {
    const res = await fetch(`${gcs.url}/storage/v1/b/gaps/o`);
    assert.equal(res.status, 200, 'GCS answers 401 without a token');
  });

  test('gap: a resumable upload loses its content type', async () => {
    const name = `sessions/${randomUUID()}/event_cache/0-25.json`;
    await bucket.file(name).save('{"events":[]}', { resumable: true, contentType: 'application/json' });
    const [meta] = await bucket.file(name).getMetadata();
    assert.equal(meta.contentType, 'application/octet-stream', 'GCS keeps application/json');
  });

  test('gap: in a versioned bucket, deleting one generation does not purge it', async () => {
    await createBucket(gcs.url, 'gaps-versioned', { versioning: true });
    const name = 'settings.json';
    const put = (body: string) =>
      fetch(`${gcs.url}/upload/storage/v1/b/gaps-versioned/o?uploadType=media&name=${name}`, { method: 'POST', body });
    const first = (await (await put('{"v":1}')).json()) as { generation: string };
    await put('{"v":2}');
    const del = await fetch(`${gcs.url}/storage/v1/b/gaps-versioned/o/${name}?generation=${first.generation}`, {
      method: 'DELETE',
    });
    assert.ok(del.ok);
    const list = (await (await fetch(`${gcs.url}/storage/v1/b/gaps-versioned/o?versions=true`)).json()) as {
      items: { generation: string }[];
    };
    assert.ok(
      list.items.some((i) => i.generation === first.generation),
      'GCS no longer lists a deleted generation',
    );
  });
});
