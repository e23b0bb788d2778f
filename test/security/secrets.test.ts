import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import { ContentPolicy } from '../../src/spans/content.js';
import { Redactor } from '../../src/spans/redaction.js';
import { cli } from '../support/runs/cli.js';
import { useDiagCapture } from '../support/isolation/diag-capture.js';
import { useOtlpReceivers } from '../support/receivers/use-receivers.js';
import {
  inJson,
  inNestedJson,
  LOOKALIKES,
  SECRET_CORPUS,
  SHAPED_TOKENS,
  TOKEN_NEIGHBOURS,
  URL_PASSWORDS,
  VISIBLE,
  type SecretCase,
} from '../support/fixtures/secret-corpus.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const diagMessages = useDiagCapture();
const receiver = useOtlpReceivers();

/** Every file under `dir`, recursively. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function allBytes(dir: string): string {
  return walk(dir)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

const json = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

describe('the redaction rules on the secret corpus', () => {
  it.each(SECRET_CORPUS.map((c) => [c.kind, c] as const))('%s', (_kind, c: SecretCase) => {
    const { text, count } = new Redactor().redact(`${VISIBLE} ${c.text} ${VISIBLE}`);
    for (const secret of c.secrets) expect(text).not.toContain(secret);
    expect(text).toContain(`[REDACTED:${c.rule}]`);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(text.startsWith(`${VISIBLE} `)).toBe(true);
    expect(text.endsWith(` ${VISIBLE}`)).toBe(true);
  });

  it.each([
    'max_tokens: 4096, input_tokens: 123456, output_tokens: 2048',
    'PWD=/home/user/project OLDPWD=/home/user',
    'the password field is empty',
    'author: Jane Doe',
    'primary key (id)',
    'git log --oneline -5',
    'https://github.com/acme/repo/pull/42',
    'ssh://git@github.com:22/acme/repo.git',
    'http://localhost:8080/path@v2',
  ])('leaves ordinary text alone: %s', (ordinary) => {
    expect(new Redactor().redact(ordinary)).toEqual({ text: ordinary, count: 0 });
  });

  it.each(LOOKALIKES)('leaves text that looks like a token alone: %s', (ordinary) => {
    expect(new Redactor().redact(ordinary)).toEqual({ text: ordinary, count: 0 });
  });

  it('stays linear on inputs built to make look-behinds backtrack', () => {
    const redactor = new Redactor();
    const inputs = [
      'password' + ' '.repeat(200_000) + 'x',
      '--token' + '\t'.repeat(200_000),
      'a'.repeat(200_000) + '=value123',
      'http://a:'.repeat(20_000),
      'http://a:b/'.repeat(20_000),
      'postgres://a:' + '/'.repeat(200_000),
      'sk-' + 'aB1'.repeat(70_000),
      'sk-aB1'.repeat(40_000),
      'sk_live_aB'.repeat(20_000),
      'AKIA'.repeat(50_000),
      '\\nBearer '.repeat(20_000),
    ];
    for (const text of inputs) {
      const started = performance.now();
      redactor.redact(text);
      expect(performance.now() - started).toBeLessThan(1000); // quadratic would take minutes
    }
  });

  it('redacts only the start of a huge captured value, then cuts it, and says how much was cut', () => {
    const policy = new ContentPolicy({ capture: true, maxLength: 200 });
    const secret = SECRET_CORPUS[0]!;
    const huge = `${secret.text} ${'z'.repeat(20_000_000)}`;
    const started = performance.now();
    const taken = policy.take(huge)!;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(taken.value.length).toBeLessThanOrEqual(200);
    expect(taken.value).not.toContain(secret.secrets[0]);
    expect(taken).toMatchObject({ truncated: true, redactions: 1 });
    const kept = taken.value.slice(0, taken.value.indexOf('…'));
    const cut = Number(/\[truncated (\d+) chars\]$/.exec(taken.value)?.[1]);
    // What was kept and what the marker says was cut add up to the redacted value's length.
    expect(kept.length + cut).toBe(huge.length - secret.secrets[0]!.length + `[REDACTED:${secret.rule}]`.length);
  });

  it('takes extra patterns, as RegExp or source text', () => {
    const redactor = new Redactor([/acme_[0-9a-f]{32}/, 'INTERNAL-\\d{6}']);
    const { text } = redactor.redact(`key acme_${'0a'.repeat(16)} ticket INTERNAL-123456`);
    expect(text).toBe('key [REDACTED:custom_1] ticket [REDACTED:custom_2]');
  });
});

describe('tokens are redacted by their own shape, whatever stands next to them', () => {
  const cases = SHAPED_TOKENS.flatMap((t) => TOKEN_NEIGHBOURS.map(([where, before, after]) => [t.kind, where, t, before, after] as const));

  it.each(cases)('%s after %s', (_kind, _where, t, before, after) => {
    const { text, count } = new Redactor().redact(`${before}${t.token}${after}`);
    expect(text).toBe(`${before}[REDACTED:${t.rule}]${after}`);
    expect(count).toBe(1);
  });

  it.each(SHAPED_TOKENS.map((t) => [t.kind, t] as const))('%s inside a JSON string value, and in JSON inside JSON', (_kind, t) => {
    const redactor = new Redactor();
    expect(redactor.redact(inJson(t.token)).text).toBe(inJson(`[REDACTED:${t.rule}]`));
    expect(redactor.redact(inNestedJson(t.token)).text).toBe(inNestedJson(`[REDACTED:${t.rule}]`));
  });

  it.each(URL_PASSWORDS)('a URL password: %s', (_description, before, password, after) => {
    const { text } = new Redactor().redact(`${before}${password}${after}`);
    expect(text).toBe(`${before}[REDACTED:url_password]${after}`);
    expect(text).not.toContain(password);
  });
});

/** One session carrying `text` in every place content or diagnostics can come from. */
function sessionWith(telemetry: AgentTelemetry, id: string, text: string): void {
  const line = `${VISIBLE} ${text} ${VISIBLE}`;
  const session = telemetry.startSession({
    sessionId: id,
    title: line,
    command: `agent --run "${text}"`,
    git: { branch: 'main', repository: text.includes('://') ? text.slice(text.indexOf(text.match(/[a-z]+:\/\//)?.[0] ?? '')) : undefined },
    attributes: { note: line },
  });
  session.message('user', line);
  session.reasoning(line);
  const chat = session.startModelCall({ model: 'm' });
  chat.end({ responseId: `${id}-r1`, content: line, usage: { input: 1, output: 1 } });
  session.message('assistant', line);
  session.startToolCall('Bash', { command: line, env: { NOTE: text } }, { callId: `${id}-ok` }).end({ success: true, output: line });
  session.startToolCall('Write', line, { callId: `${id}-bad` }).fail(new Error(line), 'tool_error');
  const failing = session.startModelCall({ model: 'm' });
  failing.end({ responseId: `${id}-r2`, error: new Error(line) });
  session.error(new Error(line), 'api_error');
  session.record({ type: 'lifecycle', name: 'hook', level: 'info', message: line, data: { output: line } });
  session.record({ type: 'permission', granted: false, tool: 'Bash', description: line });
  session.record({ type: 'state.change', key: 'env', value: line });
  session.startToolCall('Read', { path: '/tmp/x' }, { callId: `${id}-open` }); // left open: ends interrupted
  session.end({ outcome: 'error', error: new Error(line) });
}

describe('no secret reaches a sink with content capture on', () => {
  it('JSONL bytes, the pending folder and what the collector received hold none of the corpus', async () => {
    const otlp = await receiver();
    const dir = tempDir();
    const telemetry = new AgentTelemetry({
      flushOnExit: false,
      env: { AGENT_OTEL_JSONL_PATH: dir, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, AGENT_OTEL_CAPTURE_CONTENT: 'true' },
    });
    SECRET_CORPUS.forEach((c, i) => sessionWith(telemetry, `secret-${i}`, c.text));
    await telemetry.shutdown();

    const disk = allBytes(dir);
    const received = json(otlp.acceptedSpans());
    expect(otlp.acceptedSpans()).toHaveLength(SECRET_CORPUS.length * 6); // root, 2 chat, 3 tool spans each
    expect(disk).toContain(VISIBLE); // capture was on
    expect(received).toContain(VISIBLE);
    for (const c of SECRET_CORPUS) {
      for (const secret of c.secrets) {
        expect(disk.includes(secret), `${c.kind} in JSONL`).toBe(false);
        expect(received.includes(secret), `${c.kind} at the collector`).toBe(false);
      }
      expect(received).toContain(`[REDACTED:${c.rule}]`);
    }
    const stats = telemetry.stats();
    expect(stats.content.redacted).toBeGreaterThanOrEqual(SECRET_CORPUS.length * 10);
    expect(stats.drops.secretsRedacted).toBe(stats.content.redacted);
  });

  it('redacts the patterns users add, from the option and from AGENT_OTEL_REDACT_PATTERNS', async () => {
    const dir = tempDir();
    const fromOption = `acme_${'7f'.repeat(16)}`;
    const fromEnv = 'TICKET-987654';
    const telemetry = new AgentTelemetry({
      flushOnExit: false,
      content: { redactPatterns: [/acme_[0-9a-f]{32}/] },
      env: { AGENT_OTEL_JSONL_PATH: dir, AGENT_OTEL_CAPTURE_CONTENT: '1', AGENT_OTEL_REDACT_PATTERNS: '["TICKET-\\\\d{6}"]' },
    });
    sessionWith(telemetry, 'custom', `${fromOption} and ${fromEnv}`);
    await telemetry.shutdown();
    const disk = allBytes(dir);
    expect(disk).not.toContain(fromOption);
    expect(disk).not.toContain(fromEnv);
    expect(disk).toContain('[REDACTED:custom_1]');
    expect(disk).toContain('[REDACTED:custom_2]');
  });
});

describe('OTLP credentials and file permissions', () => {
  const token = 'Bearer hdr-SECRET-0123456789abcdef';
  const apiKey = 'hdr-KEY-fedcba9876543210';

  it('never writes header values to JSONL, pending files, diagnostics, stats or errors', async () => {
    const messages = diagMessages();
    const otlp = await receiver();
    otlp.script(...Array.from({ length: 30 }, () => ({ status: 401, body: 'unauthorized' })));
    const dir = tempDir();
    const telemetry = new AgentTelemetry({
      flushOnExit: false,
      env: {
        AGENT_OTEL_JSONL_PATH: dir,
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_EXPORTER_OTLP_HEADERS: `authorization=${encodeURIComponent(token)},x-api-key=${apiKey}`,
      },
      otlp: { url: `${otlp.url}/v1/traces`, headers: { authorization: token, 'x-api-key': apiKey } },
    });
    sessionWith(telemetry, 'headers', 'nothing secret');
    await telemetry.shutdown();
    expect(otlp.requests.length).toBeGreaterThan(0);
    expect(otlp.requests[0]?.headers['x-api-key']).toBe(apiKey); // they were sent
    const everything = [allBytes(dir), messages.join('\n'), json(telemetry.stats())].join('\n');
    expect(telemetry.stats().pending?.pending).toBeGreaterThan(0);
    for (const secret of [token, 'hdr-SECRET-0123456789abcdef', apiKey]) expect(everything).not.toContain(secret);
  });

  it('keeps header values out of the CLI output when the collector refuses them', async () => {
    const otlp = await receiver();
    otlp.script(...Array.from({ length: 30 }, () => ({ status: 403, body: 'forbidden' })));
    const out = join(tempDir(), 'out');
    const examples = resolve(import.meta.dirname, '../../examples/sessions');
    const run = await cli(['convert', examples, '--out', out, '--endpoint', otlp.url, '--header', `authorization=${token}`, '--header', `x-api-key=${apiKey}`, '--verbose']);
    expect(run.code).toBe(1);
    expect(otlp.requests[0]?.headers['x-api-key']).toBe(apiKey);
    const replayRun = await cli(['replay', out, '--endpoint', otlp.url, '--header', `x-api-key=${apiKey}`, '--verbose']);
    expect(replayRun.code).toBe(1);
    for (const text of [run.stdout, run.stderr, replayRun.stdout, replayRun.stderr, allBytes(out)]) {
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain('hdr-SECRET');
    }
  });

  it('creates JSONL folders 0700 and files 0600, the pending folder included', async () => {
    const otlp = await receiver();
    otlp.script(...Array.from({ length: 30 }, () => ({ status: 503 })));
    const dir = join(tempDir(), 'new', 'traces');
    const telemetry = new AgentTelemetry({ flushOnExit: false, env: { AGENT_OTEL_JSONL_PATH: `${dir}/` }, otlp: { url: `${otlp.url}/v1/traces`, timeoutMillis: 200 } });
    sessionWith(telemetry, 'modes', 'x');
    await telemetry.shutdown();
    const files = walk(dir);
    expect(files.some((f) => f.includes('/pending/'))).toBe(true);
    for (const folder of [join(dir, '..'), dir, join(dir, 'pending')]) expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const file of files.filter((f) => f.endsWith('.jsonl'))) expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
