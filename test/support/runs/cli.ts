import { Writable } from 'node:stream';
import { runCli } from '../../../src/cli/run.js';

/** A writable that keeps what it was given. */
export function textSink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as `agent-otel <args...>` would, with its own streams and environment. */
export async function cli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  const out = textSink();
  const err = textSink();
  const code = await runCli(args, { stdout: out.stream, stderr: err.stream, env: options.env ?? {}, cwd: options.cwd ?? process.cwd() });
  return { code, stdout: out.text(), stderr: err.text() };
}
