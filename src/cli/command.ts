import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../core/errors.js';
import { printer } from './output.js';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Stops a long-running command (watch) as SIGINT would; for callers that run the CLI in process. */
  signal?: AbortSignal;
}

/** A command's options, as `node:util` parseArgs takes them. */
export type OptionDefinitions = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
const COMMON = { verbose: { type: 'boolean' } } as const;

/**
 * The values parseArgs returns for `O`, typed from the definitions: a string
 * option is `string | undefined`, a repeatable one `string[] | undefined`, a
 * boolean `boolean | undefined` (false for `--no-name`), and an option with a
 * default is never undefined.
 */
export type OptionValues<O extends OptionDefinitions> = ReturnType<
  typeof parseArgs<{ options: O & typeof COMMON; allowPositionals: true; allowNegative: true; strict: true }>
>['values'];

/** One CLI command, as the dispatcher sees it: help for `--help`, and a run over the raw arguments. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help text shown by `agent-otel <name> --help`. */
  readonly help: string;
  options: OptionDefinitions;
  /** Parses `args` and runs; returns the exit code. Errors it throws are printed by the dispatcher. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A command written once: its options, and a handler that receives their values typed. */
export interface CommandDefinition<O extends OptionDefinitions> {
  name: string;
  summary: string;
  help: string | (() => string);
  options: O;
  /** Only parses nothing more and calls library functions; returns the exit code. */
  run(parsed: { values: OptionValues<O>; positionals: string[]; io: CliIo }): Promise<number>;
}

const wantsHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');

/**
 * Defines a command (after unjs/citty's defineCommand): the options are
 * declared once, parsed with `node:util` parseArgs (strict, `--no-name` for
 * booleans), and the handler gets their values with the types the
 * definitions imply, without casts. `--help` prints the help; bad usage is a
 * UsageError naming the command's help.
 */
export function defineCommand<const O extends OptionDefinitions>(definition: CommandDefinition<O>): Command {
  const { name, summary, options } = definition;
  const help = (): string => (typeof definition.help === 'function' ? definition.help() : definition.help);
  return {
    name,
    summary,
    options,
    get help() {
      return help();
    },
    async run(args, io) {
      if (wantsHelp(args)) {
        printer(io).out(help());
        return 0;
      }
      let parsed;
      try {
        parsed = parseArgs({ args: [...args], options: { ...options, ...COMMON }, allowPositionals: true, allowNegative: true, strict: true });
      } catch (error) {
        throw new UsageError(`${(error as Error).message}\nRun "agent-otel ${name} --help" for the options.`);
      }
      return definition.run({ values: parsed.values, positionals: parsed.positionals, io });
    },
  };
}

/** The line of each command in a command list; subcommands by their last word. */
export const commandList = (list: readonly Command[]): string =>
  list.map((c) => `  ${(c.name.split(' ').at(-1) ?? c.name).padEnd(10)} ${c.summary}`).join('\n');

/**
 * A command made of subcommands (`agent-otel pending deliver`), each defined
 * with its full name (`pending deliver`): the first argument names the
 * subcommand, which gets the rest. `--help` lists them; no subcommand, or an
 * unknown one, is bad usage.
 */
export function defineGroup(definition: { name: string; summary: string; description: string; commands: readonly Command[] }): Command {
  const { name, summary, commands } = definition;
  const help = `Usage: agent-otel ${name} <command> [options]

${definition.description}
Commands:
${commandList(commands)}

Run "agent-otel ${name} <command> --help" for a command's options.
`;
  return {
    name,
    summary,
    options: {},
    help,
    async run(args, io) {
      const [sub, ...rest] = args;
      if (sub === '--help' || sub === '-h') {
        printer(io).out(help);
        return 0;
      }
      const command = commands.find((c) => c.name === `${name} ${sub}`);
      if (command) return command.run(rest, io);
      printer(io).err(`agent-otel: ${sub === undefined ? `"${name}" needs a command` : `unknown command "${name} ${sub}"`}\n\n${help}`);
      return 2;
    },
  };
}
