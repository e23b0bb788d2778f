/**
 * Copilot CLI writes a response's usage record (its full token counts) after the calls the response asked
 * for have run. A watch that reads the file between the message and that record must not send the call's
 * span as the message alone makes it (output tokens only): it holds it until the record comes, and sends
 * what `convert` of the whole file gives.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { convertToSpans } from '../support/runs/convert-spans.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';
import { FIXTURES } from '../support/watch/fixture-trees.js';
import { compareSpans, complete, readWatchOutput } from '../support/watch/span-forms.js';
import { startWatch, waitUntil } from '../support/watch/watch-run.js';

const tempDir = useTempDirs();
const SESSION = '2f6c7d1e-3a4b-4c5d-8e9f-0a1b2c3d4e5f';
const SOURCE = join(FIXTURES, 'copilot-cli/session-state', SESSION, 'events.jsonl');

it('holds a Copilot response until its usage record, written later, comes in', { timeout: 60_000 }, async () => {
  const lines = readFileSync(SOURCE, 'utf8').split('\n').filter((l) => l !== '');
  const usageAt = lines.findIndex((l) => l.includes('"assistant.usage"'));
  const messageAt = lines.findIndex((l) => l.includes('"assistant.message"'));
  // The fixture has the order this is about: the message, other records, then the message's usage.
  expect(messageAt).toBeGreaterThanOrEqual(0);
  expect(usageAt).toBeGreaterThan(messageAt + 1);

  const dir = tempDir();
  const folder = join(dir, 'src', SESSION);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'events.jsonl');
  writeFileSync(file, lines.slice(0, usageAt).map((l) => `${l}\n`).join(''));
  const run = await startWatch(dir, [join(dir, 'src')], { sessionIdleMs: 5000 });
  try {
    // The watch has read the file up to the usage record and sent what it could.
    await waitUntil(() => run.handle.stats().spans > 0, 'the first spans');
    appendFileSync(file, lines.slice(usageAt).map((l) => `${l}\n`).join(''));
    const expected = (await convertToSpans([join(dir, 'src')])).spans;
    await waitUntil(() => complete(readWatchOutput(run.out).spans, expected), 'the whole session', 40_000);
  } finally {
    await run.stop();
  }
  const { missing, extra, differing, repeated } = compareSpans(readWatchOutput(run.out).spans, (await convertToSpans([join(dir, 'src')])).spans);
  expect({ missing, extra, differing, repeated }).toEqual({ missing: [], extra: [], differing: [], repeated: [] });
});
