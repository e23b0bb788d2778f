import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Probe } from '../../src/adapters/adapter.js';
import { claudeCodeAdapter } from '../../src/adapters/claude-code/index.js';
import { toolOutcome } from '../../src/adapters/claude-code/tool-outcome.js';
import { walk } from '../support/expectations/claude-code-raw.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/claude-code');
const HEAD = 64 * 1024;

/** A probe as the pipeline builds one: the first 64 KiB, its complete lines, the whole document if it fits. */
function probe(path: string, text: string): Probe {
  const head = text.slice(0, HEAD);
  const complete = text.length <= HEAD;
  const parts = head.split('\n');
  const usable = complete ? parts : parts.slice(0, -1);
  const parse = (t: string): unknown => {
    try {
      return JSON.parse(t);
    } catch {
      return undefined;
    }
  };
  const lines = usable.filter((l) => l.trim() !== '').slice(0, 8).map(parse);
  const document = complete ? parse(head.trim()) : undefined;
  return { path, head, lines, ...(document !== undefined ? { document } : {}) };
}

describe('claude-code detect', () => {
  const own = walk(FIXTURES).filter((f) => !f.endsWith('empty.jsonl'));

  it.each(own.map((f) => [f.slice(FIXTURES.length + 1), f]))('claims its own fixture %s', (_name, file) => {
    expect(claudeCodeAdapter.detect(probe(file, readFileSync(file, 'utf8')))).toBe(true);
  });

  const ts = '2026-01-01T00:00:00.000Z';
  it.each([
    [
      'a Codex rollout',
      '/x/rollout.jsonl',
      `{"timestamp":"${ts}","type":"session_meta","payload":{"id":"s"}}\n{"timestamp":"${ts}","type":"response_item","payload":{}}\n`,
    ],
    ['Copilot CLI events', '/x/events.jsonl', `{"type":"session.start","data":{"sessionId":"s"},"id":"1","timestamp":"${ts}","parentId":null}\n`],
    [
      'a Gemini CLI JSONL chat (user records without uuid / sessionId)',
      '/x/session-1.jsonl',
      `{"sessionId":"s","projectHash":"h","startTime":"${ts}"}\n{"id":"m1","timestamp":"${ts}","type":"user","content":"hi"}\n`,
    ],
    ['Claude Code SDK stream-json output', '/x/out.jsonl', `{"type":"system","subtype":"init","session_id":"s","uuid":"u"}\n`],
    ['unrelated JSON lines', '/x/data.jsonl', '{"a":1}\n{"b":2}\n'],
    ['an empty file outside ~/.claude/projects', '/x/empty.jsonl', ''],
    ['a meta.json that is not an agent meta', '/x/s/subagents/agent-a1.meta.json', '{"foo":1}'],
  ])('rejects %s', (_name, path, text) => {
    expect(claudeCodeAdapter.detect(probe(path, text))).toBe(false);
  });

  it('claims an empty file under ~/.claude/projects by its path', () => {
    expect(claudeCodeAdapter.detect(probe('/home/u/.claude/projects/-repo/0b1c.jsonl', ''))).toBe(true);
  });

  it('claims a transcript whose first line is longer than the probe', () => {
    const big = JSON.stringify({
      parentUuid: null,
      sessionId: 's',
      type: 'user',
      message: { role: 'user', content: 'x'.repeat(HEAD * 2) },
      uuid: 'u',
      timestamp: ts,
    });
    const p = probe('/x/big.jsonl', `${big}\n`);
    expect(p.lines).toEqual([]);
    expect(claudeCodeAdapter.detect(p)).toBe(true);
  });
});

describe('claude-code tool outcome', () => {
  it.each([
    ['success without is_error', 'ok', undefined, undefined, { success: true }],
    ['is_error false', 'ok', false, undefined, { success: true }],
    ['a shell failure', 'Exit code 2\nboom', true, 'Error: Exit code 2\nboom', { success: false, errorType: 'tool_error', exitCode: 2 }],
    ['a tool error', '<tool_use_error>File has not been read yet.</tool_use_error>', true, undefined, { success: false, errorType: 'tool_error' }],
    [
      'a user rejection',
      "The user doesn't want to proceed with this tool use. The tool use was rejected.",
      true,
      'User rejected tool use',
      { success: false, errorType: 'denied' },
    ],
    [
      'a permission not granted',
      "Claude requested permissions to write to /a, but you haven't granted it yet.",
      true,
      undefined,
      { success: false, errorType: 'denied' },
    ],
    ['an approval required', 'This command requires approval', true, undefined, { success: false, errorType: 'denied' }],
    ['a sibling failure', '<tool_use_error>Sibling tool call errored</tool_use_error>', true, undefined, { success: false, errorType: 'cancelled' }],
  ] as const)('%s', (_name, content, isError, toolUseResult, expected) => {
    expect(toolOutcome(content, isError, toolUseResult)).toMatchObject(expected);
  });

  it('reads text blocks and images of a block list', () => {
    const content = [{ type: 'text', text: 'a' }, { type: 'image', source: {} }, { type: 'text', text: 'b' }];
    expect(toolOutcome(content, false, undefined).text).toBe('a\n[image]\nb');
  });
});
