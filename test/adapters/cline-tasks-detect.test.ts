import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeFile, probeFromHead } from '../../src/adapters/probe.js';
import { builtinAdapters } from '../../src/adapters/registry.js';
import { SHARED_FIXTURES } from '../support/fixtures/shared-fixtures.js';

/**
 * Task folder files are told by their name and the shape of their head, and
 * Cline's from Roo Code's by marks only one of them writes; the storage
 * folder's path only breaks a tie.
 */
const OWN = join(import.meta.dirname, '../fixtures');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));
}

async function claimants(file: string): Promise<string[]> {
  const probe = probeFile(file);
  return builtinAdapters.filter((a) => a.detect(probe)).map((a) => a.format);
}

const claimedBy = (head: string, path: string) => builtinAdapters.filter((a) => a.detect(probeFromHead(path, head, true))).map((a) => a.format);

describe('task folder detection', () => {
  it.each([
    ['cline', join(OWN, 'cline')],
    ['roo-code', join(OWN, 'roo-code')],
  ])('every file of the %s fixtures is claimed by that adapter alone', async (format, dir) => {
    for (const file of files(dir)) expect(await claimants(file), file).toEqual([format]);
  });

  it.each(['cline', 'roo-code'])('every task file of the real %s folders is claimed by that adapter alone', async (format) => {
    let real: string[] = [];
    try {
      real = files(join(SHARED_FIXTURES, 'real', format));
    } catch {
      if (process.env.CI) throw new Error('shared fixtures required when CI is set');
      console.warn(`real ${format} fixtures absent: checked on the project's own only`);
    }
    for (const file of real) expect(await claimants(file), file).toEqual([format]);
  });

  const bare = '[{"ts":1767258000000,"type":"say","say":"text","text":"hello"}]';
  it('a head with no mark of either goes by the storage folder, else to Cline', () => {
    expect(claimedBy(bare, '/home/u/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks/abc/ui_messages.json')).toEqual(['roo-code']);
    expect(claimedBy(bare, '/home/u/.config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks/abc/ui_messages.json')).toEqual(['cline']);
    expect(claimedBy(bare, '/tmp/abc/ui_messages.json')).toEqual(['cline']);
  });

  it('marks in the content win over the folder', () => {
    const roo = '[{"ts":1,"type":"say","say":"api_req_started","text":"{\\"request\\":\\"x\\",\\"apiProtocol\\":\\"openai\\"}"}]';
    expect(claimedBy(roo, '/x/saoudrizwan.claude-dev/tasks/abc/ui_messages.json')).toEqual(['roo-code']);
    const cline = '[{"ts":1,"type":"say","say":"text","text":"x","conversationHistoryIndex":-1}]';
    expect(claimedBy(cline, '/x/rooveterinaryinc.roo-cline/tasks/abc/ui_messages.json')).toEqual(['cline']);
  });

  it('takes neither another shape under a task file name, nor the right shape under another name', () => {
    expect(claimedBy('[{"foo":1}]', '/tmp/abc/ui_messages.json')).toEqual([]);
    expect(claimedBy('{"messages":[]}', '/tmp/abc/api_conversation_history.json')).toEqual([]);
    expect(claimedBy(bare, '/tmp/abc/messages.json')).toEqual([]);
    expect(claimedBy('[{"role":"user","content":"hi"}]', '/tmp/abc/history.json')).toEqual([]);
  });
});
