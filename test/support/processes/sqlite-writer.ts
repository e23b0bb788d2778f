import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { hasCommand, skipLoudly } from '../backends/cached-install.js';

/**
 * A second connection to a SQLite database in another process, with the
 * native SQLite of Python's `sqlite3` module (real file locks and a `-shm`
 * file, as OpenCode's own connection has). It puts the database in WAL mode
 * with automatic checkpoints off, so what it writes stays in the `-wal` file
 * until it is told to checkpoint. Each statement is committed on its own.
 */
const SCRIPT = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute('PRAGMA journal_mode=WAL')
db.execute('PRAGMA wal_autocheckpoint=0')
print('ready', flush=True)
for line in sys.stdin:
    step = json.loads(line)
    try:
        db.execute(step['sql'], step.get('params', []))
        print('ok', flush=True)
    except Exception as error:
        print('error ' + str(error), flush=True)
db.close()
`;

const PYTHON = 'python3';

/** Whether the writer can run here; when it cannot, says so loudly (and throws on CI: see skipLoudly). */
export function canWriteFromPython(suite: string): boolean {
  if (hasCommand(PYTHON, ['-c', 'import sqlite3'])) return true;
  return skipLoudly(suite, 'python3 with its sqlite3 module', 'the second connection (native SQLite, as OpenCode has) is a Python process', 'install python3') ?? false;
}

export class SqliteWriter {
  private readonly replies: AsyncIterator<string>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  /** Opens `file` in a Python process; resolves once the database is in WAL mode. */
  static async open(file: string): Promise<SqliteWriter> {
    const writer = new SqliteWriter(spawn(PYTHON, ['-c', SCRIPT, file]));
    await writer.reply();
    return writer;
  }

  /** Runs one statement (committed) in the writer's process. */
  async run(sql: string, params: Array<string | number | null> = []): Promise<void> {
    this.child.stdin.write(`${JSON.stringify({ sql, params })}\n`);
    const reply = await this.reply();
    if (reply !== 'ok') throw new Error(`the writer failed on ${sql}: ${reply}`);
  }

  /** Closes the connection (SQLite then checkpoints and removes the -wal file) and waits for the process. */
  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }

  private async reply(): Promise<string> {
    const next = await this.replies.next();
    if (next.done) throw new Error(`the writer exited (${this.child.exitCode ?? 'no code'})`);
    return next.value;
  }
}
