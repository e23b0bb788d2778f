import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AgentTelemetry } from '../../src/live/agent-telemetry.js';
import type { LiveSession } from '../../src/live/live-session.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

/**
 * Every public method of every live handle, with garbage thrown at each of
 * its arguments and at each field of its object arguments. Nothing may throw,
 * the JSONL must hold only valid values, and each bad call must be counted in
 * `rejected` (and only bad calls). What is valid is written down here from
 * the API's documented types, not taken from the code under test.
 */

const tempDir = useTempDirs();

/** What an argument or field accepts. */
type Kind =
  | 'string' // any string
  | 'name' // a non-empty string
  | 'count' // a non-negative safe integer
  | 'int' // a safe integer
  | 'nonNegative' // a number from 0 to 2^53 - 1 (no wider value is an int64 on the wire)
  | 'boolean'
  | 'strings' // an array of strings
  | 'unknown' // anything (tool input and output)
  | 'error' // a string, an Error, or an object with a string message
  | 'attributes' // a record of strings, finite numbers, booleans (or arrays of them)
  | readonly string[] // one of these strings
  | { readonly [field: string]: Kind }; // an object with these (optional) fields

interface Argument {
  name: string;
  kind: Kind;
  /** Must be given (undefined is bad). */
  required?: boolean;
  /** A good value, used while another argument is under test. */
  good: unknown;
}

const isPrimitive = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Fields that must be there in an object kind (a parent link's session, an event's type). */
const REQUIRED_IN = new Map<Kind, readonly string[]>();
const object = (fields: Record<string, Kind>, required: readonly string[] = []): Kind => {
  REQUIRED_IN.set(fields, required);
  return fields;
};

function accepts(kind: Kind, value: unknown, required = false): boolean {
  try {
    return acceptsValue(kind, value, required);
  } catch {
    return false; // a getter or a proxy that throws is garbage
  }
}

function acceptsValue(kind: Kind, value: unknown, required: boolean): boolean {
  if (value === undefined) return !required;
  if (Array.isArray(kind)) return kind.includes(value);
  if (typeof kind === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const fields = kind as Record<string, Kind>;
    const given = value as Record<string, unknown>;
    const keys = Object.keys(given);
    return (
      keys.every((key) => key in fields && accepts(fields[key]!, given[key])) &&
      (REQUIRED_IN.get(kind) ?? []).every((key) => given[key] !== undefined)
    );
  }
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'name':
      return typeof value === 'string' && value.length > 0;
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'int':
      return Number.isSafeInteger(value);
    case 'nonNegative':
      return typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER;
    case 'boolean':
      return typeof value === 'boolean';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'unknown':
      return true;
    case 'error':
      return typeof value === 'string' || (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string');
    case 'attributes':
      return (
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).every((key) => {
          const v = (value as Record<string, unknown>)[key];
          return isPrimitive(v) || (Array.isArray(v) && v.every(isPrimitive));
        })
      );
  }
}

const USAGE: Kind = { input: 'count', output: 'count', cacheRead: 'count', cacheCreation: 'count', cacheCreation1h: 'count', reasoning: 'count', total: 'count', inputIncludesCache: 'boolean' };
const TOOL_KINDS = ['shell', 'file_read', 'file_write', 'file_edit', 'search', 'sub_agent', 'web', 'notebook', 'other'] as const;
const SESSION_OPTIONS: Kind = {
  sessionId: 'name',
  agent: 'name',
  agentVersion: 'string',
  agentName: 'string',
  provider: 'string',
  model: 'string',
  cwd: 'string',
  git: { branch: 'string', commit: 'string', endCommit: 'string', dirty: 'boolean', repository: 'string' },
  os: 'string',
  arch: 'string',
  host: 'string',
  command: 'string',
  title: 'string',
  parent: object({ agent: 'string', sessionId: 'string', toolCallId: 'string' }, ['sessionId']),
  attributes: 'attributes',
};
const MODEL_END: Kind = {
  responseId: 'string',
  responseModel: 'string',
  usage: USAGE,
  finishReasons: 'strings',
  costUsd: 'nonNegative',
  timeToFirstTokenMs: 'nonNegative',
  retries: 'count',
  contextUsed: 'count',
  contextMax: 'count',
  content: 'string',
  error: 'error',
};
const TOOL_END: Kind = { success: 'boolean', output: 'unknown', error: 'error', errorType: 'string', exitCode: 'int', durationMs: 'nonNegative' };

/** Objects whose fields throw when read, or whose keys cannot even be listed. */
const ALL_FIELDS = [...new Set([SESSION_OPTIONS, MODEL_END, TOOL_END, USAGE].flatMap((k) => Object.keys(k))), 'message', 'type'];
const throwingGetters = Object.defineProperties(
  {},
  Object.fromEntries(ALL_FIELDS.map((key) => [key, { enumerable: true, get: () => { throw new Error(`getter ${key} throws`); } }])),
);
const throwingProxy = new Proxy(
  {},
  {
    get: () => { throw new Error('proxy get'); },
    has: () => { throw new Error('proxy has'); },
    ownKeys: () => { throw new Error('proxy ownKeys'); },
    getOwnPropertyDescriptor: () => { throw new Error('proxy descriptor'); },
  },
);
const errorWithThrowingMessage = Object.defineProperty(new Error('x'), 'message', { get: () => { throw new Error('message getter'); } });

const GARBAGE: readonly (readonly [string, unknown])[] = [
  ['null', null],
  ['undefined', undefined],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['-5', -5],
  ['1.5', 1.5],
  ['1e300', 1e300],
  ['true', true],
  ["'many'", 'many'],
  ["''", ''],
  ['a 1.1 MB string', 'x'.repeat(1_100_000)],
  ['{}', {}],
  ['[]', []],
  ["['a', 1]", ['a', 1]],
  ['a symbol', Symbol('s')],
  ['a bigint', 12n],
  ['a function', () => 1],
  ['getters that throw', throwingGetters],
  ['a proxy that throws', throwingProxy],
  ['an Error whose message throws', errorWithThrowingMessage],
  ['{ message: 5 }', { message: 5 }],
  ['a date', new Date(0)],
];

/** One method under test: its arguments, and how to call it on a fresh session. */
interface Method {
  name: string;
  args: readonly Argument[];
  call(session: LiveSession, telemetry: AgentTelemetry, args: unknown[]): void;
}

const opt = (name: string, kind: Kind, good: unknown): Argument => ({ name, kind, good });
const req = (name: string, kind: Kind, good: unknown): Argument => ({ name, kind, good, required: true });
// Loose views of the API, to call it with anything.
type Loose = (...args: unknown[]) => unknown;
const loose = (f: unknown) => f as Loose;

const METHODS: readonly Method[] = [
  { name: 'telemetry.startSession', args: [opt('options', SESSION_OPTIONS, { model: 'm' })], call: (_s, t, a) => loose(t.startSession.bind(t))(...a) },
  {
    name: 'session.message',
    args: [req('role', ['user', 'assistant', 'system', 'tool'], 'user'), opt('content', 'string', 'hello'), opt('messageId', 'string', 'm1')],
    call: (s, _t, a) => loose(s.message.bind(s))(...a),
  },
  { name: 'session.reasoning', args: [opt('content', 'string', 'thinking')], call: (s, _t, a) => loose(s.reasoning.bind(s))(...a) },
  { name: 'session.startModelCall', args: [opt('options', { model: 'string', provider: 'string' }, { model: 'm' })], call: (s, _t, a) => loose(s.startModelCall.bind(s))(...a) },
  { name: 'modelCall.end', args: [opt('result', MODEL_END, { usage: { input: 3, output: 2 } })], call: (s, _t, a) => loose(s.startModelCall({ model: 'm' }).end)(...a) },
  {
    name: 'session.startToolCall',
    args: [req('name', 'name', 'Bash'), opt('input', 'unknown', { command: 'ls' }), opt('options', { callId: 'name', kind: TOOL_KINDS, responseId: 'string' }, { kind: 'shell' })],
    call: (s, _t, a) => loose(s.startToolCall.bind(s))(...a),
  },
  { name: 'toolCall.end', args: [opt('result', TOOL_END, { success: true, output: 'ok' })], call: (s, _t, a) => loose(s.startToolCall('Bash').end)(...a) },
  { name: 'toolCall.fail', args: [req('error', 'error', 'exit 1'), opt('errorType', 'string', 'exit_code')], call: (s, _t, a) => loose(s.startToolCall('Bash').fail)(...a) },
  { name: 'session.error', args: [req('error', 'error', new Error('api down')), opt('errorType', 'string', 'api_error')], call: (s, _t, a) => loose(s.error.bind(s))(...a) },
  {
    name: 'session.end',
    args: [opt('result', { outcome: ['ok', 'error', 'interrupted'], reason: 'string', error: 'error' }, { outcome: 'ok' })],
    call: (s, _t, a) => loose(s.end.bind(s))(...a),
  },
  {
    name: 'session.record (permission)',
    args: [req('event', object({ type: ['permission'], granted: 'boolean', tool: 'string', callId: 'string', description: 'string', time: 'nonNegative' }, ['type', 'granted']), { type: 'permission', granted: true })],
    call: (s, _t, a) => loose(s.record.bind(s))(...a),
  },
  {
    name: 'session.record (compaction)',
    args: [req('event', object({ type: ['compaction'], trigger: 'string', preTokens: 'count', content: 'string', time: 'nonNegative' }, ['type']), { type: 'compaction', preTokens: 1000 })],
    call: (s, _t, a) => loose(s.record.bind(s))(...a),
  },
  {
    name: 'session.record (lifecycle)',
    args: [req('event', object({ type: ['lifecycle'], name: 'string', level: ['debug', 'info', 'warning', 'error'], message: 'string', data: 'unknown' }, ['type', 'name']), { type: 'lifecycle', name: 'hook' })],
    call: (s, _t, a) => loose(s.record.bind(s))(...a),
  },
];

interface Case {
  label: string;
  method: Method;
  args: unknown[];
  bad: boolean;
}

/** Garbage at each argument, then at each field of each object argument (and of the objects inside). */
function cases(): Case[] {
  const out: Case[] = [];
  for (const method of METHODS) {
    const goodArgs = method.args.map((a) => a.good);
    method.args.forEach((arg, index) => {
      for (const [label, value] of GARBAGE) {
        const args = [...goodArgs];
        args[index] = value;
        out.push({ label: `${method.name}(${arg.name} = ${label})`, method, args, bad: !accepts(arg.kind, value, arg.required) });
      }
      if (typeof arg.kind !== 'object' || Array.isArray(arg.kind)) return;
      const fields = arg.kind as Record<string, Kind>;
      for (const [field, kind] of Object.entries(fields)) {
        const targets: [string, Kind, (v: unknown) => Record<string, unknown>][] = [[field, kind, (v) => ({ ...(arg.good as object), [field]: v })]];
        if (typeof kind === 'object' && !Array.isArray(kind)) {
          for (const [inner, innerKind] of Object.entries(kind as Record<string, Kind>)) {
            targets.push([`${field}.${inner}`, innerKind, (v) => ({ ...(arg.good as object), [field]: { [inner]: v } })]);
          }
        }
        for (const [path, , build] of targets) {
          for (const [label, value] of GARBAGE) {
            const args = [...goodArgs];
            args[index] = build(value);
            // Judged on the whole argument, as the API sees it.
            out.push({ label: `${method.name}(${arg.name}.${path} = ${label})`, method, args, bad: !accepts(arg.kind, args[index], arg.required) });
          }
        }
      }
    });
  }
  return out;
}

/** Every line of every JSONL file in `dir`, parsed. */
function jsonlDocuments(dir: string): unknown[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

interface RawValue {
  stringValue?: unknown;
  boolValue?: unknown;
  intValue?: unknown;
  doubleValue?: unknown;
  arrayValue?: { values?: RawValue[] };
}
interface RawKeyValue {
  key: string;
  value: RawValue;
}

const BOOLEAN_KEYS = new Set([
  'agent_otel.tool.success',
  'agent_otel.tool.interrupted',
  'agent_otel.session.end_recorded',
  'agent_otel.subagent',
  'agent_otel.git.dirty',
  'agent_otel.permission.granted',
  'agent_otel.time.inexact',
  'agent_otel.usage.cost.unpriced',
]);
const isCountKey = (key: string) => /tokens$|_calls$|_failures$|\.size$|\.retries$|heartbeats$|subagents$/.test(key);
const isMeasureKey = (key: string) => /cost_usd$|_ms$|\.cost$|\.cost\.(amount|local|usd)$/.test(key);

/** What is wrong with one attribute, or undefined. */
function badAttribute({ key, value }: RawKeyValue): string | undefined {
  const kinds = Object.keys(value ?? {});
  if (kinds.length !== 1) return `${key}: ${kinds.length} value kinds`;
  if ('doubleValue' in value && (typeof value.doubleValue !== 'number' || !Number.isFinite(value.doubleValue))) return `${key}: double ${String(value.doubleValue)}`;
  if ('intValue' in value && !/^-?\d+$/.test(String(value.intValue))) return `${key}: int ${String(value.intValue)}`;
  if ('boolValue' in value && typeof value.boolValue !== 'boolean') return `${key}: bool ${String(value.boolValue)}`;
  if ('stringValue' in value && typeof value.stringValue !== 'string') return `${key}: string ${String(value.stringValue)}`;
  if (BOOLEAN_KEYS.has(key) && !('boolValue' in value)) return `${key}: not a boolean`;
  if (isCountKey(key) && !('intValue' in value && BigInt(String(value.intValue)) >= 0n)) return `${key}: not a non-negative integer (${JSON.stringify(value)})`;
  if (isMeasureKey(key) && !(Number(value.intValue ?? value.doubleValue) >= 0)) return `${key}: not a non-negative number (${JSON.stringify(value)})`;
  for (const item of value.arrayValue?.values ?? []) {
    const inner = badAttribute({ key: `${key}[]`, value: item });
    if (inner) return inner;
  }
  return undefined;
}

interface RawSpan {
  name?: unknown;
  attributes?: RawKeyValue[];
  events?: { name?: unknown; attributes?: RawKeyValue[] }[];
}

/** Everything invalid in the JSONL documents: bad attribute values, spans or events without a name. */
function problems(documents: unknown[]): string[] {
  const found: string[] = [];
  for (const doc of documents as { resourceSpans?: { resource?: { attributes?: RawKeyValue[] }; scopeSpans?: { spans?: RawSpan[] }[] }[] }[]) {
    for (const rs of doc.resourceSpans ?? []) {
      for (const a of rs.resource?.attributes ?? []) found.push(...[badAttribute(a)].filter((p): p is string => p !== undefined));
      for (const span of (rs.scopeSpans ?? []).flatMap((s) => s.spans ?? [])) {
        if (typeof span.name !== 'string' || span.name === '') found.push(`span without a name`);
        for (const a of span.attributes ?? []) {
          const p = badAttribute(a);
          if (p) found.push(`span ${String(span.name).slice(0, 40)}: ${p}`);
        }
        for (const event of span.events ?? []) {
          if (typeof event.name !== 'string' || event.name === '') found.push(`event without a name on ${String(span.name).slice(0, 40)}`);
          for (const a of event.attributes ?? []) {
            const p = badAttribute(a);
            if (p) found.push(`event ${String(event.name)}: ${p}`);
          }
        }
      }
    }
  }
  return found;
}

describe.each([
  ['content capture off', 'false'],
  ['content capture on', 'true'],
])('the live API with garbage arguments, %s', (_label, capture) => {
  it('never throws, writes only valid values, and counts each bad call in rejected', async () => {
    const dir = tempDir();
    const telemetry = new AgentTelemetry({ flushOnExit: false, env: { AGENT_OTEL_JSONL_PATH: dir, AGENT_OTEL_CAPTURE_CONTENT: capture } });
    const all = cases();
    const miscounted: string[] = [];
    let badCalls = 0;
    all.forEach((c, i) => {
      const session = telemetry.startSession({ sessionId: `case-${i}` });
      const before = telemetry.stats().rejected;
      expect(() => c.method.call(session, telemetry, c.args), c.label).not.toThrow();
      const after = telemetry.stats();
      if (c.bad) badCalls++;
      if (c.bad ? after.rejected === before : after.rejected !== before) miscounted.push(`${c.label}: expected ${c.bad ? 'a rejection' : 'none'}, got ${after.rejected - before} (${after.lastError})`);
      if (c.bad) expect(after.lastError, c.label).toEqual(expect.any(String));
      expect(() => session.end(), c.label).not.toThrow();
    });
    await telemetry.shutdown();

    expect(miscounted).toEqual([]);
    expect(badCalls).toBeGreaterThan(all.length / 2);
    const documents = jsonlDocuments(dir);
    expect(documents.length).toBeGreaterThan(0);
    expect(problems(documents)).toEqual([]);
    // Every case's session reached the file (its root span), whatever was thrown at it.
    const text = documents.map((d) => JSON.stringify(d)).join('\n');
    for (const i of [0, Math.floor(all.length / 2), all.length - 1]) expect(text).toContain(`"case-${i}"`);
  }, 120_000);
});

describe('unknown options', () => {
  it('are named once in lastError and counted, and the rest of the options still apply', async () => {
    const dir = tempDir();
    const telemetry = new AgentTelemetry({
      flushOnExit: false,
      serviceName: 'svc',
      env: { AGENT_OTEL_JSONL_PATH: dir },
      ...({ serviceNmae: 'typo', jsonl: { dir: '/nowhere' }, content: { capture: false, maxLen: 3 } } as object),
    });
    const stats = telemetry.stats();
    expect(stats.rejected).toBe(1);
    expect(stats.lastError).toMatch(/serviceNmae/);
    expect(stats.lastError).toMatch(/jsonl\.dir/);
    expect(stats.lastError).toMatch(/content\.maxLen/);
    telemetry.startSession({ sessionId: 's' }).end();
    await telemetry.shutdown();
    expect(telemetry.stats().rejected).toBe(1);
    expect(telemetry.serviceName).toBe('svc');
  });

  it('are not reported when every option is known', async () => {
    const telemetry = new AgentTelemetry({
      flushOnExit: false,
      serviceName: 'svc',
      jsonl: { path: tempDir(), layout: 'directory', maxFileBytes: 1 << 20, maxLineBytes: 1 << 20, fsync: false },
      content: { capture: false, maxLength: 100, redactPatterns: [] },
      batch: { maxExportBatchSize: 10, scheduledDelayMillis: 100 },
      pending: false,
      otlp: false,
    });
    await telemetry.shutdown();
    expect(telemetry.stats().rejected).toBe(0);
  });

  it('an options argument that is not an object gives the defaults, and is counted', async () => {
    vi.stubEnv('AGENT_OTEL_JSONL_PATH', tempDir());
    try {
      const telemetry = new AgentTelemetry(null as unknown as undefined);
      expect(telemetry.stats().rejected).toBe(1);
      expect(telemetry.stats().lastError).toMatch(/options: expected an object, got null/);
      await telemetry.shutdown();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
