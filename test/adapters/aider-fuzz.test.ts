import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aiderAdapter } from '../../src/adapters/aider/index.js';
import { collectEvents } from '../support/runs/collect-events.js';
import { CHAT, LLM } from '../support/expectations/real-aider.js';
import { seededRandom } from '../support/fixtures/prng.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

/**
 * Hostile chat histories, made from the project's fixture: lines dropped,
 * cut short, doubled, garbled or swapped. Every variant converts without a
 * throw into valid events (collectEvents checks each against the schema),
 * every warning names the file and a line, and the token reports left intact
 * are each a model call.
 */
const REPO = join(import.meta.dirname, '../fixtures/aider/calc');
const tempDir = useTempDirs();
const random = seededRandom(0x41d3);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const DAMAGE: ((lines: string[], i: number) => void)[] = [
  (lines, i) => lines.splice(i, 1),
  (lines, i) => (lines[i] = lines[i]!.slice(0, Math.floor(random() * lines[i]!.length))),
  (lines, i) => lines.splice(i, 0, lines[i]!),
  (lines, i) => (lines[i] = lines[i]!.replace(/\d/g, () => String.fromCharCode(33 + Math.floor(random() * 90)))),
  (lines, i) => i + 1 < lines.length && ([lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!]),
  (lines, i) => (lines[i] = `# aider chat started at ${lines[i]}`),
];

describe('aider: damaged chat histories', () => {
  const original = readFileSync(join(REPO, CHAT), 'utf8').split('\n');
  const variants = Array.from({ length: 40 }, (_, n) => {
    const lines = [...original];
    for (let k = 0; k < 1 + (n % 4); k++) pick(DAMAGE)(lines, 1 + Math.floor(random() * (lines.length - 1)));
    return lines;
  });

  it.each(variants.map((v, n) => [n, v] as const))('variant %i converts, warns with a line, keeps the intact reports', async (_n, lines) => {
    const dir = join(tempDir(), 'calc');
    mkdirSync(dir);
    writeFileSync(join(dir, CHAT), lines.join('\n'));
    copyFileSync(join(REPO, LLM), join(dir, LLM));
    const { events, warnings } = await collectEvents(aiderAdapter, [dir], { skipDetect: true });
    for (const w of warnings) expect([w.file, typeof w.line]).toEqual([join(dir, CHAT), 'number']);
    const reports = lines.filter((l) => /^> Tokens: \d+(\.\d)?k? sent, .*received\.( |$)/.test(l) && l.endsWith('  '));
    const underHeader = lines.findIndex((l) => /^# aider chat started at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s*$/.test(l)) >= 0;
    const calls = events.filter((e) => e.type === 'model.call' && e.error === undefined);
    if (underHeader) expect(calls.length).toBeLessThanOrEqual(reports.length);
    expect(events.filter((e) => e.type === 'session.start').length).toBeLessThanOrEqual(lines.filter((l) => l.startsWith('# aider chat started at')).length);
  });
});
