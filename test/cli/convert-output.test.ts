import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/runs/cli.js';
import { useOtlpReceivers } from '../support/receivers/use-receivers.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

const tempDir = useTempDirs();
const receiver = useOtlpReceivers();
const EXAMPLES = resolve(import.meta.dirname, '../../examples/sessions');
const CODEX_DIR = join(EXAMPLES, 'codex/2026/10/15');

/** Terminal control: OSC title (ESC ] ... BEL), clear screen (ESC [2J), an 8-bit CSI, a bidi override. */
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e';
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

describe('agent-otel convert prints what is safe', () => {
  it('never prints the credentials of the endpoint URL, in the summary or in --json', async () => {
    const otlp = await receiver();
    const base = new URL(otlp.tracesUrl);
    const endpoint = `http://agent:pa55-TOKEN-1@${base.host}${base.pathname}?api_key=KEY-TOKEN-2&tenant=blue`;
    for (const format of [[], ['--json']]) {
      const run = await cli(['convert', EXAMPLES, '--out', join(tempDir(), 't'), '--endpoint', endpoint, ...format]);
      const printed = `${run.stdout}${run.stderr}`;
      expect(printed).not.toContain('TOKEN');
      expect(printed).toContain(`OTLP http://${base.host}${base.pathname}?api_key=***&tenant=blue`);
    }
  });

  it('escapes terminal control sequences from a bad input line, in the text and in --json', async () => {
    const dir = tempDir();
    const name = readdirSync(CODEX_DIR)[0]!;
    const lines = readFileSync(join(CODEX_DIR, name), 'utf8').split('\n');
    lines.splice(3, 0, `x${HOSTILE}`);
    const file = join(dir, name);
    writeFileSync(file, lines.join('\n'));

    const text = await cli(['convert', file, '--out', join(dir, 'out')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${file}:4: not valid JSON`);
    expect(text.stdout).toContain('\\u001b]0;pwned\\u0007');
    expect(text.stdout).not.toMatch(RAW_CONTROL);

    const verbose = await cli(['convert', file, '--out', join(dir, 'out2'), '--verbose']);
    expect(verbose.stderr).toContain(`warning: ${file}:4:`);
    expect(verbose.stderr).not.toMatch(RAW_CONTROL);

    const json = await cli(['convert', file, '--out', join(dir, 'out3'), '--json']);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    const parsed = JSON.parse(json.stdout) as { warningList: Array<{ line?: number; message: string }> };
    // Escaped, not removed: the JSON still says exactly what the line held.
    expect(parsed.warningList.find((w) => w.line === 4)?.message).toContain('\u009b31m');
  });

  it('refuses an endpoint without http:// before doing any work', async () => {
    const out = join(tempDir(), 'never');
    const run = await cli(['convert', EXAMPLES, '--out', out, '--endpoint', 'localhost:41060']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--endpoint must be an http:\/\/ or https:\/\/ URL.*did you mean http:\/\/localhost:41060/);
    expect(run.stderr).toContain('[AGENT_OTEL_INVALID_CONFIG]');
    expect(existsSync(out)).toBe(false);
  });

  it('names the files that are not agent data, the first ten, then how many more', async () => {
    const dir = tempDir();
    const one = join(dir, 'one');
    mkdirSync(one);
    writeFileSync(join(one, 'ls'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00]));
    const single = await cli(['convert', join(one, 'ls'), '--out', join(dir, 'o1')]);
    expect(single.stdout).toContain(`ignored     ${join(one, 'ls')} (not agent data`);

    const many = join(dir, 'many');
    mkdirSync(many);
    const names = Array.from({ length: 13 }, (_, i) => join(many, `notes-${String(i).padStart(2, '0')}.txt`));
    for (const n of names) writeFileSync(n, 'plain text, not a session\n');
    const run = await cli(['convert', many, '--out', join(dir, 'o2')]);
    const line = run.stdout.split('\n').find((l) => l.startsWith('ignored'))!;
    const listed = names.filter((n) => line.includes(n));
    expect(listed).toHaveLength(10);
    expect(line).toContain('and 3 more');
  });
});
