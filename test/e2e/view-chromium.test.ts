import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { view, type ViewResult } from '../../src/view/view.js';
import { REPO } from '../support/backends/backends.js';
import { useChromium, watchPage, type PageWatch } from '../support/backends/chromium.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { convertToJsonlFile } from '../support/runs/convert-jsonl.js';
import { bigTrace } from '../support/spans/big-trace.js';
import { readJsonlSpans } from '../support/spans/jsonl-spans.js';
import type { NormalizedSpan } from '../support/spans/otlp-normalize.js';

/**
 * The pages of `agent-otel view` in a real headless Chromium: project
 * fixtures converted by `convert`, written by `view`, then loaded from disk.
 * Every expected value comes from the JSONL, decoded by the tests' own OTLP
 * reading; the page is checked through its DOM, as a person would use it.
 */
const SUITE = 'e2e: agent-otel view pages in Chromium';
const browser = useChromium(SUITE);
const tempDir = useTempDirs();
const ARTIFACTS = join(REPO, 'test-results/view');
const FIXTURES = join(REPO, 'test/fixtures');
/** A Claude Code session with subagents (one nested two deep) and a failed tool call. */
const SESSION = '55555555-5555-4555-8555-555555555555';
const ERROR = 2;

let jsonl: { file: string; dir: string; cleanup: () => void };
let spans: NormalizedSpan[];
let written: ViewResult;

beforeAll(async () => {
  jsonl = await convertToJsonlFile([join(FIXTURES, 'claude-code/subfolder'), join(FIXTURES, 'claude-code/sibling'), join(FIXTURES, 'codex/subagents')]);
  spans = readJsonlSpans(jsonl.file);
  written = await view({ inputs: [jsonl.file], out: join(jsonl.dir, 'site', 'index.html') });
});
afterAll(() => jsonl?.cleanup());

interface RowInfo {
  id: string;
  parentId: string | null;
  level: number;
  failed: boolean;
  hidden: boolean;
  selected: boolean;
}

/** Every row of the waterfall in page order, read from the DOM. */
const ROWS_JS = `Array.from(document.querySelectorAll('#rows [data-span-id]')).map((r) => ({
  id: r.dataset.spanId, parentId: r.dataset.parentId ?? null, level: Number(r.getAttribute('aria-level')),
  failed: r.classList.contains('failed'), hidden: r.hidden || getComputedStyle(r).display === 'none',
  selected: r.getAttribute('aria-selected') === 'true' }))`;
const rowsOf = (page: Page): Promise<RowInfo[]> => page.evaluate<RowInfo[]>(ROWS_JS);
const selectedId = async (page: Page): Promise<string | undefined> => (await rowsOf(page)).find((r) => r.selected)?.id;

/** Two animation frames: the page has laid out and painted what the last action changed. */
const FRAMES_JS = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))';

async function open(ctx: TestContext, file: string): Promise<{ page: Page; watch: PageWatch }> {
  const b: Browser | undefined = browser();
  if (!b) return ctx.skip();
  const page = await b.newPage({ viewport: { width: 1400, height: 820 } });
  const watch = watchPage(page);
  await page.goto(pathToFileURL(file).href);
  return { page, watch };
}

async function openTrace(ctx: TestContext, file: string): Promise<{ page: Page; watch: PageWatch }> {
  const opened = await open(ctx, file);
  await opened.page.waitForSelector('html[data-ready="true"]');
  return opened;
}

const spansOfTrace = (traceId: string): NormalizedSpan[] => spans.filter((s) => s.traceId === traceId);
const traceOfSession = (): string => {
  const root = spans.find((s) => s.parentSpanId === undefined && s.attributes['session.id'] === SESSION);
  if (!root) throw new Error(`no root of session ${SESSION} in the converted fixtures`);
  return root.traceId;
};
const pageOf = (traceId: string): string => written.pages.find((p) => p.traceId === traceId)!.file;

/** Only the page's own file was requested, and nothing was logged as an error or warning. */
function expectSelfContained(watch: PageWatch, files: readonly string[]): void {
  expect(watch.errors).toEqual([]);
  const own = new Set(files.map((f) => pathToFileURL(f).href));
  expect(watch.requests.filter((url) => !own.has(url))).toEqual([]);
}

describe(SUITE, () => {
  it('the index lists every trace once, and each link opens that trace’s page', async (ctx) => {
    const { page, watch } = await open(ctx, written.file);
    const traceIds = [...new Set(spans.map((s) => s.traceId))].sort();
    const listed = await page.evaluate<string[]>(`Array.from(document.querySelectorAll('tr[data-trace-id]')).map((r) => r.dataset.traceId)`);
    expect([...listed].sort()).toEqual(traceIds);
    for (const traceId of traceIds) {
      await page.click(`tr[data-trace-id="${traceId}"] a`);
      await page.waitForSelector('html[data-ready="true"]');
      expect((await rowsOf(page)).length).toBe(spansOfTrace(traceId).length);
      expect(new Set((await rowsOf(page)).map((r) => r.id))).toEqual(new Set(spansOfTrace(traceId).map((s) => s.spanId)));
      await page.goBack();
    }
    expectSelfContained(watch, [written.file, ...written.pages.map((p) => p.file)]);
    await page.close();
  });

  it('the session’s page: one row per span, each under its parent, failures red; a screenshot is kept', async (ctx) => {
    const traceId = traceOfSession();
    const file = pageOf(traceId);
    const { page, watch } = await openTrace(ctx, file);
    const expected = spansOfTrace(traceId);
    const rows = await rowsOf(page);
    expect(rows.length).toBe(expected.length);
    const byId = new Map(expected.map((s) => [s.spanId, s]));
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(byId.keys()));
    // Nesting: a row's parent is the span's parent, and it is the nearest row above one level up.
    const stack: RowInfo[] = [];
    for (const row of rows) {
      const span = byId.get(row.id)!;
      expect(row.parentId ?? undefined).toBe(span.parentSpanId);
      while (stack.length >= row.level) stack.pop();
      expect(stack.at(-1)?.id).toBe(span.parentSpanId);
      stack.push(row);
    }
    const failed = expected.filter((s) => s.status.code === ERROR).map((s) => s.spanId);
    expect(failed.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.failed).map((r) => r.id).sort()).toEqual([...failed].sort());
    const color = await page.evaluate<string>(`getComputedStyle(document.querySelector('[data-span-id="${failed[0]}"] .label')).color`);
    expect(color).toBe('rgb(217, 45, 32)');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'fixture-session.png') });
    expectSelfContained(watch, [file]);
    await page.close();
  });

  it('a click selects a span and shows its attributes; the keys move the selection', async (ctx) => {
    const traceId = traceOfSession();
    const { page, watch } = await openTrace(ctx, pageOf(traceId));
    const trace = spansOfTrace(traceId);
    const tool = trace.find((s) => typeof s.attributes['gen_ai.tool.call.id'] === 'string' && !trace.some((c) => c.parentSpanId === s.spanId))!;
    await page.click(`[data-span-id="${tool.spanId}"]`);
    expect(await selectedId(page)).toBe(tool.spanId);
    const details = await page.textContent('#details');
    expect(details).toContain(tool.spanId);
    expect(details).toContain(String(tool.attributes['gen_ai.tool.call.id']));

    const rows = await rowsOf(page);
    const at = rows.findIndex((r) => r.id === tool.spanId);
    await page.keyboard.press('ArrowDown');
    expect(await selectedId(page)).toBe(rows[at + 1]!.id);
    expect(await page.textContent('#details')).toContain(rows[at + 1]!.id);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await selectedId(page)).toBe(rows[at - 1]!.id);
    // Left on a leaf goes to its parent; Enter moves the focus to the details.
    await page.click(`[data-span-id="${tool.spanId}"]`);
    await page.keyboard.press('ArrowLeft');
    expect(await selectedId(page)).toBe(tool.parentSpanId);
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('details');
    expectSelfContained(watch, [pageOf(traceId)]);
    await page.close();
  });

  it('collapsing a subagent hides its rows and keeps them in the page; expanding shows them again', async (ctx) => {
    const traceId = traceOfSession();
    const { page, watch } = await openTrace(ctx, pageOf(traceId));
    const trace = spansOfTrace(traceId);
    const subagent = trace.find((s) => s.attributes['agent_otel.subagent'] === true && trace.some((c) => c.parentSpanId === s.spanId))!;
    const below = new Set<string>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of trace) {
        if (s.parentSpanId === undefined || below.has(s.spanId) || (s.parentSpanId !== subagent.spanId && !below.has(s.parentSpanId))) continue;
        below.add(s.spanId);
        grew = true;
      }
    }
    await page.click(`[data-span-id="${subagent.spanId}"] .toggle`);
    let rows = await rowsOf(page);
    expect(rows.length).toBe(trace.length);
    expect(rows.filter((r) => r.hidden).map((r) => r.id).sort()).toEqual([...below].sort());
    expect(await page.getAttribute(`[data-span-id="${subagent.spanId}"]`, 'aria-expanded')).toBe('false');
    // The keyboard too: right expands the selected subagent, left collapses it.
    await page.keyboard.press('ArrowRight');
    rows = await rowsOf(page);
    expect(rows.filter((r) => r.hidden)).toEqual([]);
    await page.keyboard.press('ArrowLeft');
    expect((await rowsOf(page)).filter((r) => r.hidden).length).toBe(below.size);
    expectSelfContained(watch, [pageOf(traceId)]);
    await page.close();
  });

  it('text from the data stays text: markup in names, attributes and events is shown, never run', async (ctx) => {
    const dir = tempDir();
    const hostile = '</script><script>window.pwned = 1</script><!-- \u2028';
    const markup = '<img src=x onerror="window.pwned = 2"><b>bold</b>';
    const kv = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const line = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [kv('service.name', `agent ${markup}`)] },
          scopeSpans: [
            {
              scope: { name: 'test' },
              spans: [
                { traceId: 'ab'.repeat(16), spanId: '01'.repeat(8), name: hostile, kind: 1, startTimeUnixNano: '1764000000000000000', endTimeUnixNano: '1764000001000000000', attributes: [kv('session.id', markup), kv('note', markup)], events: [{ name: hostile, timeUnixNano: '1764000000500000000', attributes: [kv('x', '</style>')] }], status: { code: 2, message: markup } },
                { traceId: 'ab'.repeat(16), spanId: '02'.repeat(8), parentSpanId: '01'.repeat(8), name: markup, kind: 1, startTimeUnixNano: '1764000000100000000', endTimeUnixNano: '1764000000200000000', attributes: [], status: {} },
              ],
            },
          ],
        },
      ],
    });
    writeFileSync(join(dir, 'hostile.jsonl'), `${line}\n`);
    const result = await view({ inputs: [join(dir, 'hostile.jsonl')], out: join(dir, 'index.html') });
    for (const file of [result.file, result.pages[0]!.file]) {
      const { page, watch } = await open(ctx, file);
      if (file !== result.file) await page.waitForSelector('html[data-ready="true"]');
      expect(await page.evaluate('window.pwned')).toBeUndefined();
      expect(await page.evaluate('document.querySelectorAll("img, b").length')).toBe(0);
      expectSelfContained(watch, [file]);
      if (file === result.file) expect(await page.textContent('tr[data-trace-id] a')).toBe(markup);
      else {
        expect(await page.textContent(`[data-span-id="${'01'.repeat(8)}"] .label`)).toBe(hostile);
        expect(await page.textContent(`[data-span-id="${'02'.repeat(8)}"] .label`)).toBe(markup);
        expect(await page.textContent('#details')).toContain(markup);
        expect(await page.textContent('#details')).toContain('</style>');
      }
      await page.close();
    }
  });

  it('a trace of 10,000 spans: every row there, collapse and expand work (times go to test-results/view)', async (ctx) => {
    const dir = tempDir();
    const big = bigTrace(10_000);
    const input = join(dir, 'big.jsonl');
    writeFileSync(input, `${big.lines.join('\n')}\n`);
    const built = Date.now();
    const result = await view({ inputs: [input], out: join(dir, 'big.html'), trace: big.traceId });
    const writeMs = Date.now() - built;
    const b = browser();
    if (!b) return ctx.skip();
    const page = await b.newPage({ viewport: { width: 1400, height: 820 } });
    const watch = watchPage(page);
    const started = Date.now();
    await page.goto(pathToFileURL(result.file).href);
    await page.waitForSelector('html[data-ready="true"]');
    const painted = await page.evaluate<number>(FRAMES_JS);
    const loadMs = Date.now() - started;

    const rows = await rowsOf(page);
    expect(rows.length).toBe(big.spans);
    expect(rows.filter((r) => r.failed).map((r) => r.id).sort()).toEqual([...big.failed].sort());
    const root = rows[0]!.id;
    /**
     * Runs an action in the page: the milliseconds of its script and the layout it forces, and until the
     * next frame is out (a frame, then a task).
     */
    const timed = async (action: string): Promise<{ sync: number; frame: number }> =>
      page.evaluate<{ sync: number; frame: number }>(`(() => { const t = performance.now(); ${action}; document.body.offsetHeight;
        const sync = performance.now() - t;
        return new Promise((r) => requestAnimationFrame(() => setTimeout(() => r({ sync, frame: performance.now() - t }), 0))); })()`);
    const toggle = (id: string) => timed(`document.querySelector('[data-span-id="${id}"] .toggle').click()`);
    const collapseRoot = await toggle(root);
    expect((await rowsOf(page)).filter((r) => r.hidden).length).toBe(big.spans - 1);
    const expandRoot = await toggle(root);
    expect((await rowsOf(page)).filter((r) => r.hidden).length).toBe(0);
    const sub = big.subagents[Math.floor(big.subagents.length / 2)]!;
    const collapseSubagent = await toggle(sub);
    const expandSubagent = await toggle(sub);
    const arrows: { sync: number; frame: number }[] = [];
    for (let i = 0; i < 20; i++) arrows.push(await timed(`document.getElementById('rows').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }))`));
    expect(await selectedId(page)).toBe(rows[rows.findIndex((r) => r.id === sub) + 20]!.id);
    await page.keyboard.press('ArrowDown');
    expect(await selectedId(page)).toBe(rows[rows.findIndex((r) => r.id === sub) + 21]!.id);
    expectSelfContained(watch, [result.file]);

    const ms = (value: number): number => Math.round(value * 10) / 10;
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const figures = {
      spans: big.spans,
      htmlBytes: statSync(result.file).size,
      writeMs,
      loadMs,
      scriptMs: Number(await page.getAttribute('html', 'data-build-ms')),
      paintedAtMs: Math.round(painted),
      collapseRoot: { sync: ms(collapseRoot.sync), frame: ms(collapseRoot.frame) },
      expandRoot: { sync: ms(expandRoot.sync), frame: ms(expandRoot.frame) },
      collapseSubagent: { sync: ms(collapseSubagent.sync), frame: ms(collapseSubagent.frame) },
      expandSubagent: { sync: ms(expandSubagent.sync), frame: ms(expandSubagent.frame) },
      arrowDownMedian: { sync: ms(median(arrows.map((a) => a.sync))), frame: ms(median(arrows.map((a) => a.frame))) },
    };
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'timings-10k.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`[view] 10,000-span trace in Chromium: ${JSON.stringify(figures)}`);
    await page.screenshot({ path: join(ARTIFACTS, 'big-trace.png') });
    await page.close();
  });
});
