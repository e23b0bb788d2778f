import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { view } from '../../src/view/view.js';
import { REPO } from '../support/backends/backends.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { convertToJsonlFile } from '../support/runs/convert-jsonl.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';

/**
 * `view()` on project fixtures converted by `convert`: the files it writes,
 * what their data and index rows hold (checked against the JSONL, decoded by
 * the tests' own reading), the choice of one trace, and a page's safety: the
 * policy's hashes are those of its inline script and style, and nothing in
 * the data can end its script element. The browser side is in
 * test/e2e/view-chromium.test.ts.
 */
const FIXTURES = join(REPO, 'test/fixtures');
const SESSION = '55555555-5555-4555-8555-555555555555';
const tempDir = useTempDirs();

let jsonl: Awaited<ReturnType<typeof convertToJsonlFile>>;
let spans: NormalizedSpan[];
beforeAll(async () => {
  jsonl = await convertToJsonlFile([join(FIXTURES, 'claude-code/subfolder'), join(FIXTURES, 'codex/subagents'), join(FIXTURES, 'claude-code/sibling')]);
  spans = readJsonlSpans(jsonl.file);
});
afterAll(() => jsonl?.cleanup());

interface PageSpanData {
  id: string;
  parentId?: string;
  attrs: Record<string, unknown>;
  error?: boolean;
}

/** The JSON data element of a trace page, parsed. */
function dataOf(html: string): { traceId: string; spans: PageSpanData[] } {
  const match = /<script type="application\/json" id="trace-data">([^<]*)<\/script>/.exec(html);
  if (!match) throw new Error('no data element');
  return JSON.parse(match[1]!) as { traceId: string; spans: PageSpanData[] };
}

const attributeOf = (html: string, row: string, name: string): string => new RegExp(`${name}="([^"]*)"`).exec(row)?.[1] ?? `(no ${name} in ${html.length})`;

describe('view()', () => {
  it('writes an index of every trace and one page per trace next to it, each holding all the trace’s spans', async () => {
    const out = join(tempDir(), 'site', 'sessions.html');
    const result = await view({ inputs: [jsonl.file], out });
    const traceIds = [...new Set(spans.map((s) => s.traceId))].sort();
    expect(result.index).toBe(out);
    expect(result.traces).toBe(traceIds.length);
    expect(result.spans).toBe(spans.length);
    expect(result.pages.map((p) => p.traceId).sort()).toEqual(traceIds);
    const index = readFileSync(out, 'utf8');
    for (const page of result.pages) {
      expect(dirname(page.file)).toBe(dirname(out));
      expect(page.file).toBe(join(dirname(out), `sessions-${page.traceId}.html`));
      const data = dataOf(readFileSync(page.file, 'utf8'));
      const mine = spans.filter((s) => s.traceId === page.traceId);
      expect(data.traceId).toBe(page.traceId);
      expect(data.spans.map((s) => s.id).sort()).toEqual(mine.map((s) => s.spanId).sort());
      for (const s of data.spans) {
        const original = mine.find((m) => m.spanId === s.id)!;
        expect(s.attrs).toEqual(original.attributes);
        expect(s.parentId).toBe(original.parentSpanId);
        expect(s.error === true).toBe(original.status.code === 2);
      }
      // The index row: its link, and figures summed over the JSONL's chat spans.
      const row = new RegExp(`<tr data-trace-id="${page.traceId}"[^>]*>.*?</tr>`).exec(index)?.[0] ?? '';
      expect(row).toContain(`href="sessions-${page.traceId}.html"`);
      const chats = mine.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
      const cost = chats.reduce((sum, s) => sum + (typeof s.attributes['gen_ai.usage.cost'] === 'number' ? s.attributes['gen_ai.usage.cost'] : 0), 0);
      expect(Number(attributeOf(index, row, 'data-cost'))).toBeCloseTo(cost, 12);
      expect(Number(attributeOf(index, row, 'data-calls'))).toBe(chats.length);
      expect(Number(attributeOf(index, row, 'data-spans'))).toBe(mine.length);
      expect(Number(attributeOf(index, row, 'data-failures'))).toBe(mine.filter((s) => s.status.code === 2).length);
    }
  });

  it('writes only the chosen trace’s page with --session or --trace (a full id or a prefix naming one trace)', async () => {
    const traceId = spans.find((s) => s.parentSpanId === undefined && s.attributes['session.id'] === SESSION)!.traceId;
    const dir = tempDir();
    for (const choice of [{ session: SESSION }, { trace: traceId }, { trace: traceId.slice(0, 12) }, { trace: traceId.toUpperCase() }]) {
      const out = join(dir, `${Object.values(choice)[0]}.html`);
      const result = await view({ inputs: [jsonl.file], out, ...choice });
      expect(result.index).toBeUndefined();
      expect(result.pages.map((p) => [p.file, p.traceId, p.sessionId])).toEqual([[out, traceId, SESSION]]);
      expect(dataOf(readFileSync(out, 'utf8')).spans.length).toBe(spans.filter((s) => s.traceId === traceId).length);
      expect(existsSync(join(dir, `${Object.values(choice)[0]}-${traceId}.html`))).toBe(false);
    }
  });

  it('reads agent logs directly, as convert reads them: the same trace page as from convert’s JSONL', async () => {
    const dir = tempDir();
    const traceId = spans.find((s) => s.parentSpanId === undefined && s.attributes['session.id'] === SESSION)!.traceId;
    const result = await view({ inputs: [join(FIXTURES, 'claude-code/subfolder')], out: join(dir, 'raw.html'), session: SESSION });
    expect(result.pages[0]!.traceId).toBe(traceId);
    const data = dataOf(readFileSync(result.file, 'utf8'));
    expect(data.spans.map((s) => s.id).sort()).toEqual(spans.filter((s) => s.traceId === traceId).map((s) => s.spanId).sort());
  });

  it('names what it could not find: an unknown trace or session, a prefix of several traces, an input without spans', async () => {
    const out = join(tempDir(), 'page.html');
    await expect(view({ inputs: [jsonl.file], out, trace: 'ffffffff' })).rejects.toMatchObject({ code: 'AGENT_OTEL_TRACE_NOT_FOUND' });
    await expect(view({ inputs: [jsonl.file], out, session: 'no-such-session' })).rejects.toMatchObject({ code: 'AGENT_OTEL_TRACE_NOT_FOUND' });
    const twoTraces = join(tempDir(), 'two.jsonl');
    const line = (traceId: string): string =>
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId, spanId: '1'.repeat(16), name: 'root', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] });
    writeFileSync(twoTraces, `${line(`ab${'0'.repeat(30)}`)}\n${line(`ac${'0'.repeat(30)}`)}\n`);
    await expect(view({ inputs: [twoTraces], out, trace: 'a' })).rejects.toMatchObject({ code: 'AGENT_OTEL_TRACE_AMBIGUOUS' });
    await expect(view({ inputs: [twoTraces], out, trace: 'ac' })).resolves.toMatchObject({ pages: [{ traceId: `ac${'0'.repeat(30)}` }] });
    rmSync(out);
    await expect(view({ inputs: [jsonl.file], out, trace: '' })).rejects.toMatchObject({ code: 'AGENT_OTEL_TRACE_NOT_FOUND' });
    const empty = join(tempDir(), 'empty.jsonl');
    writeFileSync(empty, '');
    await expect(view({ inputs: [empty], out })).rejects.toMatchObject({ code: 'AGENT_OTEL_TRACE_NOT_FOUND' });
    expect(existsSync(out)).toBe(false);
  });

  it('a page loads nothing and runs only its own script: the policy hashes its inline script and style, the data cannot close its element', async () => {
    const dir = tempDir();
    const result = await view({ inputs: [jsonl.file], out: join(dir, 'index.html') });
    for (const file of [result.file, ...result.pages.map((p) => p.file)]) {
      const html = readFileSync(file, 'utf8');
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replaceAll('&#39;', "'") ?? '';
      expect(csp).toContain("default-src 'none'");
      const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(styles.length).toBe(1);
      expect(csp).toContain(`style-src ${sha(styles[0]!)}`);
      if (file === result.file) expect(scripts).toEqual([]);
      else {
        expect(scripts.length).toBe(1);
        expect(csp).toContain(`script-src ${sha(scripts[0]!)}`);
      }
      expect(html.match(/<script/g)?.length ?? 0).toBe(file === result.file ? 0 : 2);
      expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    }
  });
});
