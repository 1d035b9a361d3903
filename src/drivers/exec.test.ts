import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandError, commandLine, outputTail, run, runInBackground, shellQuote, TAIL_LINES } from './exec.js';

test('shell quoting: plain words stay bare, everything else is single-quoted so a shell reads it back', async () => {
  assert.equal(shellQuote('gcloud'), 'gcloud');
  assert.equal(shellQuote('--project=my-proj'), '--project=my-proj');
  assert.equal(shellQuote(''), "''");
  assert.equal(shellQuote('a b'), "'a b'");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(commandLine('kubectl', ['get', 'pods', '-l', 'app in (a,b)']), "kubectl get pods -l 'app in (a,b)'");
  // The proof: a real shell, given the line, passes each argument back unchanged.
  const tricky = ['', ' ', "'", '"', '$HOME', '`id`', 'a\nb', '*', '\\', 'x;y', '--flag=$(x)', 'é'];
  const echoed = await run('sh', ['-c', `${commandLine('printf', ['%s\\0', ...tricky])}`]);
  assert.deepEqual(echoed.stdout.split('\0').slice(0, -1), tricky);
});

test('the output tail: the last lines of stdout then stderr, blank ends dropped', () => {
  const many = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
  const tail = outputTail(many, 'ERROR: boom\n\n');
  assert.equal(tail.length, TAIL_LINES);
  assert.equal(tail.at(-1), 'ERROR: boom');
  assert.equal(tail.at(-2), 'line 99');
  assert.deepEqual(outputTail('', ''), []);
  assert.deepEqual(outputTail('a\r\nb\n', ''), ['a', 'b']);
});

test('a failing command is one CommandError with the command line and its output', async () => {
  await assert.rejects(run('sh', ['-c', 'echo to out; echo to err >&2; exit 3', 'my arg']), (e: unknown) => {
    assert.ok(e instanceof CommandError);
    assert.equal(e.code, 'E_COMMAND_FAILED');
    assert.equal(e.exitStatus, 3);
    assert.equal(e.exitCode, 1); // the CLI's
    assert.equal(e.message, `exited with code 3: sh -c 'echo to out; echo to err >&2; exit 3' 'my arg'`);
    assert.deepEqual(e.details, [`$ sh -c 'echo to out; echo to err >&2; exit 3' 'my arg'`, 'to out', 'to err']);
    return true;
  });
  const ok = await run('sh', ['-c', 'exit 4'], { allowFailure: true });
  assert.equal(ok.exitCode, 4);
});

test('a missing command is E_TOOL_MISSING; input, env and cwd reach the command', async () => {
  await assert.rejects(run('oh-env-no-such-tool', ['x']), (e: unknown) => {
    assert.ok(e instanceof CommandError);
    assert.equal(e.code, 'E_TOOL_MISSING');
    assert.match(e.message, /command not found: oh-env-no-such-tool x/);
    return true;
  });
  const r = await run('sh', ['-c', 'cat; echo "$ONLY,$HOME"; pwd'], {
    input: 'in\n',
    env: { ONLY: 'this', PATH: process.env.PATH },
    cwd: '/',
  });
  assert.equal(r.stdout, 'in\nthis,\n/\n');
});

test('aborting the signal stops the command, and the error says so', async () => {
  const ac = new AbortController();
  const started = Date.now();
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(run('sleep', ['30'], { signal: ac.signal }), (e: unknown) => {
    assert.ok(e instanceof CommandError);
    assert.match(e.message, /^stopped: sleep 30$/);
    return true;
  });
  assert.ok(Date.now() - started < 5000);
});

test('a background command keeps its last lines and stops on request', async () => {
  const bg = await runInBackground('sh', ['-c', 'for i in 1 2 3 4; do echo "n$i"; done; exec sleep 30'], {
    keepLines: 2,
  });
  for (let i = 0; i < 100 && bg.output().at(-1) !== 'n4'; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(bg.output(), ['n3', 'n4']);
  await bg.stop();
  assert.equal(await bg.exited, undefined); // killed by SIGTERM
});
