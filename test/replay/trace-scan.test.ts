import { describe, expect, it } from 'vitest';
import { scanTraceLine } from '../../src/replay/trace-scan.js';
import { countSpans, tracePart } from '../../src/replay/trace-line.js';
import { seededRandom } from '../support/fixtures/prng.js';
import { makeTraceLines } from '../support/spans/trace-lines.js';

/**
 * The byte scan against JSON.parse: on random trace data written in every
 * way JSON allows, its span count is the count of the parsed value, and on
 * random damage to it, it never accepts what JSON.parse refuses.
 */

type Rnd = () => number;
const pick = <T>(rnd: Rnd, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const int = (rnd: Rnd, max: number): number => Math.floor(rnd() * (max + 1));

const WHITESPACE = ['', '', '', ' ', '\t', '\r\n', '  \n '];
const ws = (rnd: Rnd): string => pick(rnd, WHITESPACE);

/** A string in JSON, with some characters written as escapes (`\u00e9`, `\/`, `\n` ...). */
function renderString(rnd: Rnd, text: string, escapes = 0.1): string {
  const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f' };
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const mustEscape = ch === '"' || ch === '\\' || code < 0x20;
    if (ch === '/' && rnd() < 0.3) out += '\\/';
    else if (mustEscape && SHORT[ch] && rnd() < 0.5) out += SHORT[ch];
    else if (mustEscape || (rnd() < escapes && code < 0x10000)) {
      const hex = code.toString(16).padStart(4, '0');
      out += `\\u${rnd() < 0.5 ? hex : hex.toUpperCase()}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** JSON text of `value` with random whitespace and escapes; object keys in the given order. */
function render(rnd: Rnd, value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return pick(rnd, [String(value), value === 0 ? '-0' : String(value), Number.isInteger(value) ? `${value}e0` : String(value)]);
  if (typeof value === 'string') return renderString(rnd, value);
  if (Array.isArray(value)) return `[${ws(rnd)}${value.map((v) => `${render(rnd, v)}${ws(rnd)}`).join(`,${ws(rnd)}`)}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${ws(rnd)}${entries.map(([k, v]) => `${renderString(rnd, k, 0.0005)}${ws(rnd)}:${ws(rnd)}${render(rnd, v)}${ws(rnd)}`).join(`,${ws(rnd)}`)}}`;
}

const TEXTS = ['', 'a', 'a/b', 'chat', 'é ü', '日本', '🙂 emoji', 'quote " and \\ backslash', 'line\nbreak\ttab', 'spans', 'resourceSpans', '[{"x":1}]', '\u2028'];

function scalar(rnd: Rnd): unknown {
  return pick(rnd, [() => null, () => rnd() < 0.5, () => int(rnd, 1_000_000), () => -int(rnd, 99) / 8, () => 1.5e-7, () => pick(rnd, TEXTS)])();
}

function anyValue(rnd: Rnd, depth: number): unknown {
  if (depth <= 0 || rnd() < 0.4) return scalar(rnd);
  if (rnd() < 0.5) return Array.from({ length: int(rnd, 3) }, () => anyValue(rnd, depth - 1));
  const o: Record<string, unknown> = {};
  for (let i = int(rnd, 3); i > 0; i--) o[pick(rnd, ['k', 'spans', 'scopeSpans', 'resourceSpans', 'value', 'x y'])] = anyValue(rnd, depth - 1);
  return o;
}

function span(rnd: Rnd): unknown {
  if (rnd() < 0.05) return anyValue(rnd, 2); // a span that is not an object still counts
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    name: pick(rnd, TEXTS),
    startTimeUnixNano: rnd() < 0.5 ? '1700000000000000001' : 1700000000000000,
    attributes: [{ key: 'spans', value: { arrayValue: { values: [{ stringValue: 'not a span' }] } } }],
    ...(rnd() < 0.3 ? { events: [{ name: 'e', attributes: [] }], spans: [1, 2, 3] } : {}),
  };
}

function scope(rnd: Rnd): unknown {
  if (rnd() < 0.05) return anyValue(rnd, 2);
  const s: Record<string, unknown> = { scope: { name: 'agent-otel' } };
  if (rnd() < 0.9) s['spans'] = rnd() < 0.95 ? Array.from({ length: int(rnd, 6) }, () => span(rnd)) : anyValue(rnd, 1);
  if (rnd() < 0.3) s['schemaUrl'] = 'https://opentelemetry.io/schemas/1.43.0';
  return s;
}

function resource(rnd: Rnd): unknown {
  if (rnd() < 0.05) return anyValue(rnd, 2);
  const r: Record<string, unknown> = { resource: { attributes: [{ key: 'service.name', value: { stringValue: pick(rnd, TEXTS) } }] } };
  if (rnd() < 0.9) r['scopeSpans'] = rnd() < 0.95 ? Array.from({ length: int(rnd, 3) }, () => scope(rnd)) : anyValue(rnd, 1);
  return r;
}

/** A random TracesData object; keys in random order, sometimes with keys besides resourceSpans. */
function tracesData(rnd: Rnd): Record<string, unknown> {
  const data: Record<string, unknown> = { resourceSpans: Array.from({ length: int(rnd, 3) }, () => resource(rnd)) };
  if (rnd() < 0.2) return { extra: anyValue(rnd, 2), ...data, after: [']', '}'] };
  return data;
}

function spansOf(text: string): number {
  return countSpans(JSON.parse(text) as { resourceSpans: unknown[] });
}

/** Checks one scan against JSON.parse; returns whether the scan proved the line. */
function checkAgainstParse(written: string): boolean {
  const bytes = Buffer.from(written, 'utf8');
  const text = bytes.toString('utf8'); // what a file holds: a cut surrogate pair became U+FFFD
  const scan = scanTraceLine(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    expect(scan, `accepted what JSON.parse refuses: ${JSON.stringify(text.slice(0, 200))}`).toBeUndefined();
    return false;
  }
  const isTraces = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Array.isArray((parsed as Record<string, unknown>)['resourceSpans']);
  if (!isTraces) {
    expect(scan).toBeUndefined();
    return false;
  }
  if (!scan) return false;
  expect(scan.spans).toBe(spansOf(text));
  // The inner bytes, re-wrapped, are the resourceSpans array.
  const inner = bytes.subarray(scan.innerStart, scan.innerEnd).toString('utf8');
  expect(JSON.parse(`[${inner}]`)).toEqual((parsed as { resourceSpans: unknown[] }).resourceSpans);
  return true;
}

describe('scanTraceLine', () => {
  it('counts the spans JSON.parse counts, on 3,000 random trace data lines, and proves each of them', () => {
    const rnd = seededRandom(16);
    let proved = 0;
    for (let i = 0; i < 3000; i++) {
      const text = render(rnd, tracesData(rnd));
      if (checkAgainstParse(text)) proved++;
    }
    // Keys are never repeated here, so only keys written with escapes (rare) leave a line to the parse.
    expect(proved).toBeGreaterThan(2700);
  });

  it('counts the spans of lines written by the SDK serializer', () => {
    const { lines, spans } = makeTraceLines({ traces: 3, spansPerTrace: 5, spansPerLine: 4 });
    let total = 0;
    for (const line of lines) {
      expect(checkAgainstParse(line)).toBe(true);
      total += scanTraceLine(Buffer.from(line))!.spans;
    }
    expect(total).toBe(spans.length);
  });

  it('never accepts a damaged line that JSON.parse refuses (20,000 random cuts, insertions and replacements)', () => {
    const rnd = seededRandom(1616);
    const NOISE = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\u0001', '\u001f', 'x', '0', '-', '.', 'e', 'tru', 'nul', '\\u12', '\\x', '01', '1.', '+1'];
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = render(rnd, tracesData(rnd));
      const at = int(rnd, text.length);
      const kind = rnd();
      const damaged =
        kind < 0.25 ? text.slice(0, at) : kind < 0.5 ? text.slice(0, at) + text.slice(at + 1 + int(rnd, 3)) : kind < 0.75 ? text.slice(0, at) + pick(rnd, NOISE) + text.slice(at) : text.slice(0, at) + pick(rnd, NOISE) + text.slice(at + 1);
      if (!checkAgainstParse(damaged)) refused++;
    }
    expect(refused).toBeGreaterThan(5000);
  });

  it.each([
    ['not an object', '[{"resourceSpans":[]}]'],
    ['resourceSpans not an array', '{"resourceSpans":{"scopeSpans":[]}}'],
    ['resourceSpans a string', '{"resourceSpans":"[]"}'],
    ['no resourceSpans', '{"resourceLogs":[]}'],
    ['an empty object', '{}'],
    ['a trailing comma', '{"resourceSpans":[],}'],
    ['a trailing comma in an array', '{"resourceSpans":[{"scopeSpans":[]},]}'],
    ['a raw control character in a string', '{"resourceSpans":[{"resource":{"a":"x\u0001y"}}]}'],
    ['a bad escape', '{"resourceSpans":[{"resource":{"a":"\\x41"}}]}'],
    ['a short unicode escape', '{"resourceSpans":[{"resource":{"a":"\\u41"}}]}'],
    ['a leading zero', '{"resourceSpans":[{"n":01}]}'],
    ['a bare minus', '{"resourceSpans":[{"n":-}]}'],
    ['a fraction without digits', '{"resourceSpans":[{"n":1.}]}'],
    ['text after the object', '{"resourceSpans":[]} x'],
    ['two objects', '{"resourceSpans":[]}{"resourceSpans":[]}'],
    ['a byte order mark', '\ufeff{"resourceSpans":[]}'],
    ['a cut line', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"01"'],
    ['a single-quoted key', "{'resourceSpans':[]}"],
    ['a missing colon', '{"resourceSpans"[]}'],
  ])('refuses %s', (_name, text) => {
    expect(scanTraceLine(Buffer.from(text, 'utf8'))).toBeUndefined();
  });

  it.each([
    ['a repeated resourceSpans key (the parse keeps the last)', '{"resourceSpans":[{"scopeSpans":[{"spans":[1]}]}],"resourceSpans":[]}', 0],
    ['a repeated spans key', '{"resourceSpans":[{"scopeSpans":[{"spans":[1,2],"spans":[3]}]}]}', 1],
    ['a repeated scopeSpans key', '{"resourceSpans":[{"scopeSpans":[{"spans":[1,2]}],"scopeSpans":[]}]}', 0],
    ['a key written with escapes', '{"resourceSpans":[{"scope\\u0053pans":[{"spans":[1,2]}]}]}', 2],
  ])('leaves to the parse %s', (_name, text, spans) => {
    expect(scanTraceLine(Buffer.from(text, 'utf8'))).toBeUndefined();
    const part = tracePart(Buffer.from(text, 'utf8'));
    expect(part).toMatchObject({ ok: true, spans });
  });

  it('counts only spans at their place: arrays named spans elsewhere do not count', () => {
    const text = '{"resourceSpans":[{"spans":[1,2],"scopeSpans":[{"spans":[{"spans":[1,2,3]}],"x":{"spans":[1]}},[{"spans":[9]}],{"scope":{}}]},"r",[]],"spans":[7]}';
    expect(scanTraceLine(Buffer.from(text))).toMatchObject({ spans: 1 });
    expect(spansOf(text)).toBe(1);
  });

  it('handles nesting up to 512 levels, and leaves deeper lines to the parse', () => {
    const nested = (depth: number) => `{"resourceSpans":[{"scopeSpans":[{"spans":[${'['.repeat(depth)}${']'.repeat(depth)},{}]}]}]}`;
    expect(scanTraceLine(Buffer.from(nested(500)))).toMatchObject({ spans: 2 });
    expect(scanTraceLine(Buffer.from(nested(5000)))).toBeUndefined();
    expect(tracePart(Buffer.from(nested(5000)))).toMatchObject({ ok: true, spans: 2 });
  });
});

describe('tracePart', () => {
  it('slices the resourceSpans array contents out of the line bytes, keys after it included', () => {
    const text = ' {"x":{"resourceSpans":[1]}, "resourceSpans" : [ {"scopeSpans":[{"spans":[{"spanId":"01"}]}]} ] ,"y":"]"} ';
    const part = tracePart(Buffer.from(text));
    if (!part?.ok) throw new Error('not proved');
    expect(part.spans).toBe(1);
    expect(part.part.toString()).toBe('{"scopeSpans":[{"spans":[{"spanId":"01"}]}]} ');
  });

  it('parses a line that is not UTF-8, as its text reads (replacement characters)', () => {
    const bytes = Buffer.concat([Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}]}]}')]);
    expect(scanTraceLine(bytes)).toBeDefined(); // the scan alone does not look at UTF-8
    const part = tracePart(bytes);
    if (!part?.ok) throw new Error('refused');
    expect(part.spans).toBe(1);
    expect(part.part.toString()).toContain('\ufffd\ufffd');
  });

  it('gives undefined for a blank line and a reason for a line that is not trace data', () => {
    expect(tracePart(Buffer.from(' \t '))).toBeUndefined();
    expect(tracePart(Buffer.from('{"resourceLogs":[]}'))).toMatchObject({ ok: false, kind: 'shape' });
    expect(tracePart(Buffer.from('{"resourceSpans":['))).toMatchObject({ ok: false, kind: 'json' });
  });
});
