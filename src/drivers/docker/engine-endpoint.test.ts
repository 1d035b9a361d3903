import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { FileReader } from '../files.js';
import { DEFAULT_SOCKET, engineEnv, findEngine } from './engine-endpoint.js';

/** An in-memory file system: path → content. */
const files = (entries: Record<string, string> = {}): FileReader => ({
  exists: (p) => p in entries,
  read: (p) => {
    const text = entries[p];
    if (text === undefined) throw new Error(`ENOENT: ${p}`);
    return text;
  },
});

const sha = (name: string): string => createHash('sha256').update(name).digest('hex');
const meta = (name: string, host: string, skipTls = false): Record<string, string> => ({
  [`/home/u/.docker/contexts/meta/${sha(name)}/meta.json`]: JSON.stringify({
    Name: name,
    Metadata: {},
    Endpoints: { docker: { Host: host, SkipTLSVerify: skipTls } },
  }),
});
const HOME = { HOME: '/home/u' };

test('DOCKER_HOST wins, over DOCKER_CONTEXT and the config file too (as in the docker CLI)', () => {
  const fs = files({
    ...meta('remote', 'tcp://10.0.0.9:2375'),
    '/home/u/.docker/config.json': '{"currentContext":"remote"}',
  });
  const e = findEngine({ ...HOME, DOCKER_HOST: 'tcp://127.0.0.1:2375', DOCKER_CONTEXT: 'remote' }, fs);
  assert.deepEqual(e, { host: 'tcp://127.0.0.1:2375', from: 'DOCKER_HOST' });
});

test('DOCKER_HOST with DOCKER_TLS_VERIFY: TLS, certificates from DOCKER_CERT_PATH or else the config dir', () => {
  assert.deepEqual(findEngine({ ...HOME, DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }, files()).tls, {
    certPath: '/home/u/.docker',
    verify: true,
  });
  assert.deepEqual(findEngine({ DOCKER_HOST: 'tcp://h:2376', DOCKER_CERT_PATH: '/certs' }, files()).tls, {
    certPath: '/certs',
    verify: false,
  });
  assert.equal(findEngine({ DOCKER_HOST: 'unix:///s.sock', DOCKER_CERT_PATH: '/certs' }, files()).tls, undefined);
  assert.equal(findEngine({ DOCKER_HOST: 'ssh://me@box' }, files()).host, 'ssh://me@box');
});

test('the current context: DOCKER_CONTEXT, else currentContext in $DOCKER_CONFIG/config.json', () => {
  const fs = files({ ...meta('ci', 'ssh://ci@build'), '/home/u/.docker/config.json': '{"currentContext":"ci"}' });
  assert.deepEqual(findEngine(HOME, fs), { host: 'ssh://ci@build', from: 'Docker context "ci"' });
  const other = files({
    ...meta('other', 'tcp://o:2375'),
    '/home/u/.docker/config.json': '{"currentContext":"ci"}',
  });
  assert.equal(findEngine({ ...HOME, DOCKER_CONTEXT: 'other' }, other).host, 'tcp://o:2375');
  // DOCKER_CONFIG moves the whole folder, contexts included.
  const moved = files({
    [`/cfg/contexts/meta/${sha('m')}/meta.json`]: '{"Endpoints":{"docker":{"Host":"unix:///m.sock"}}}',
    '/cfg/config.json': '{"currentContext":"m"}',
  });
  assert.equal(findEngine({ ...HOME, DOCKER_CONFIG: '/cfg' }, moved).host, 'unix:///m.sock');
});

test("a context's TLS material under contexts/tls/<sha>/docker, verified unless SkipTLSVerify", () => {
  const dir = `/home/u/.docker/contexts/tls/${sha('secure')}/docker`;
  const fs = (skip: boolean) =>
    files({ ...meta('secure', 'tcp://s:2376', skip), [`${dir}/ca.pem`]: 'CA', [`${dir}/cert.pem`]: 'C' });
  assert.deepEqual(findEngine({ ...HOME, DOCKER_CONTEXT: 'secure' }, fs(false)).tls, { certPath: dir, verify: true });
  assert.deepEqual(findEngine({ ...HOME, DOCKER_CONTEXT: 'secure' }, fs(true)).tls, { certPath: dir, verify: false });
});

test('the "default" context, or none, falls through to the sockets', () => {
  const fs = files({ '/home/u/.docker/config.json': '{"currentContext":"default"}' });
  assert.deepEqual(findEngine(HOME, fs), { host: DEFAULT_SOCKET, from: 'the default socket' });
  assert.equal(findEngine({ ...HOME, DOCKER_CONTEXT: 'default' }, files()).host, DEFAULT_SOCKET);
  assert.equal(findEngine({}, files()).host, DEFAULT_SOCKET);
});

test('a context that does not exist is a clear error, not a silent fallback to another engine', () => {
  assert.throws(
    () => findEngine({ ...HOME, DOCKER_CONTEXT: 'gone' }, files()),
    (e: Error & { code?: string }) => e.code === 'E_DOCKER_UNREACHABLE' && /context "gone"/.test(e.message),
  );
  assert.throws(
    () => findEngine(HOME, files({ '/home/u/.docker/config.json': '{not json' })),
    (e: Error & { code?: string }) => e.code === 'E_DOCKER_UNREACHABLE' && /config\.json/.test(e.message),
  );
});

test('the rootless socket when it exists, else the default socket', () => {
  const env = { ...HOME, XDG_RUNTIME_DIR: '/run/user/1000' };
  assert.deepEqual(findEngine(env, files({ '/run/user/1000/docker.sock': '' })), {
    host: 'unix:///run/user/1000/docker.sock',
    from: 'the rootless socket',
  });
  assert.equal(findEngine(env, files()).host, DEFAULT_SOCKET);
});

test('testcontainers is handed the same engine in its variables, with stale ones cleared', () => {
  assert.deepEqual(engineEnv({ host: 'tcp://s:2376', from: 'x', tls: { certPath: '/c', verify: true } }), {
    DOCKER_HOST: 'tcp://s:2376',
    DOCKER_TLS_VERIFY: '1',
    DOCKER_CERT_PATH: '/c',
  });
  assert.deepEqual(engineEnv({ host: DEFAULT_SOCKET, from: 'x' }), {
    DOCKER_HOST: DEFAULT_SOCKET,
    DOCKER_TLS_VERIFY: undefined,
    DOCKER_CERT_PATH: undefined,
  });
});
