import { AgentOtelError, UsageError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { commandList, type CliIo, type Command } from './command.js';
import { commands } from './commands/index.js';
import { printer } from './output.js';

const GLOBAL_HELP = (list: readonly Command[]) => `agent-otel ${VERSION}: OpenTelemetry traces from AI agent sessions

Usage: agent-otel <command> [options]

Commands:
${commandList(list)}

Options:
  --help, -h     Show help (also after a command: agent-otel convert --help)
  --version      Print the version
  --verbose      Show stack traces of errors

Exit codes: 0 success, 1 failure, 2 bad usage.
`;

/**
 * Runs the CLI with the given arguments and returns the exit code. Errors are
 * printed as one line (the stack only with --verbose); nothing is thrown.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const verbose = argv.includes('--verbose');
  const print = printer(io);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    print.out(GLOBAL_HELP(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    print.out(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    print.err(`agent-otel: unknown command "${name}"\n\n${GLOBAL_HELP(commands)}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return report(error, io, verbose);
  }
}

function report(error: unknown, io: CliIo, verbose: boolean): number {
  const print = printer(io);
  const code = error instanceof AgentOtelError ? ` [${error.code}]` : '';
  const message = error instanceof Error ? error.message : String(error);
  print.err(`agent-otel: ${message}${code}\n`);
  if (verbose && error instanceof Error && error.stack) print.err(`${error.stack}\n`);
  else if (!(error instanceof AgentOtelError)) print.err('(run with --verbose for the stack trace)\n');
  return error instanceof UsageError ? 2 : 1;
}
