import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineCommand, defineGroup, type OptionValues } from '../../src/cli/command.js';
import { textSink } from '../support/runs/cli.js';

const OPTIONS = {
  name: { type: 'string', short: 'n' },
  tag: { type: 'string', multiple: true },
  loud: { type: 'boolean' },
  color: { type: 'boolean', default: true },
} as const;

// Checked by `npm run typecheck`: the handler's values carry the types the definitions imply.
expectTypeOf<OptionValues<typeof OPTIONS>['name']>().toEqualTypeOf<string | undefined>();
expectTypeOf<OptionValues<typeof OPTIONS>['tag']>().toEqualTypeOf<string[] | undefined>();
expectTypeOf<OptionValues<typeof OPTIONS>['loud']>().toEqualTypeOf<boolean | undefined>();
expectTypeOf<OptionValues<typeof OPTIONS>['color']>().toEqualTypeOf<boolean>();
expectTypeOf<OptionValues<typeof OPTIONS>['verbose']>().toEqualTypeOf<boolean | undefined>();

function io() {
  const stdout = textSink();
  const stderr = textSink();
  return { io: { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: process.cwd() }, stdout: stdout.text, stderr: stderr.text };
}

/** A command that hands back what it was given. */
function echo() {
  const seen: { values?: OptionValues<typeof OPTIONS>; positionals?: string[] } = {};
  const command = defineCommand({
    name: 'echo',
    summary: 'Says what it got',
    help: 'Usage: agent-otel echo [--name N] [--tag T]... [--loud] [--no-color]\n',
    options: OPTIONS,
    async run({ values, positionals }) {
      seen.values = values;
      seen.positionals = positionals;
      return values.loud ? 3 : 0;
    },
  });
  return { command, seen };
}

describe('defineCommand', () => {
  it('parses the arguments once and hands the handler their values, repeatable and negated ones included', async () => {
    const { command, seen } = echo();
    const out = io();
    const code = await command.run(['a', '-n', 'x', '--tag', 't1', '--tag', 't2', '--loud', '--no-color', 'b'], out.io);
    expect(code).toBe(3);
    expect(seen.values).toEqual({ name: 'x', tag: ['t1', 't2'], loud: true, color: false });
    expect(seen.positionals).toEqual(['a', 'b']);
  });

  it('applies defaults, prints the help for --help without running, and turns a bad option into a usage error', async () => {
    const { command, seen } = echo();
    await command.run([], io().io);
    expect(seen.values).toEqual({ color: true });
    const help = io();
    seen.values = undefined;
    expect(await command.run(['--loud', '--help'], help.io)).toBe(0);
    expect(help.stdout()).toBe(command.help);
    expect(seen.values).toBeUndefined();
    await expect(command.run(['--nmae', 'x'], io().io)).rejects.toMatchObject({ code: 'AGENT_OTEL_USAGE', message: expect.stringContaining('agent-otel echo --help') });
  });
});

describe('defineGroup', () => {
  it('runs the subcommand its first argument names, with the rest', async () => {
    const { seen } = echo();
    const sub = defineCommand({
      name: 'tools echo',
      summary: 'Says it',
      help: '',
      options: OPTIONS,
      async run({ values }) {
        seen.values = values;
        return 0;
      },
    });
    const group = defineGroup({ name: 'tools', summary: 'Tools', description: 'Some tools.\n', commands: [sub] });
    expect(await group.run(['echo', '--name', 'y'], io().io)).toBe(0);
    expect(seen.values).toEqual({ name: 'y', color: true });
    const help = io();
    expect(await group.run(['--help'], help.io)).toBe(0);
    expect(help.stdout()).toMatch(/^ {2}echo +Says it$/m);
    const unknown = io();
    expect(await group.run(['ech'], unknown.io)).toBe(2);
    expect(unknown.stderr()).toContain('unknown command "tools ech"');
  });
});
