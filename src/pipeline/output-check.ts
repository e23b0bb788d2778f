import { checkOutputTarget } from '../exporters/jsonl/output-target.js';

/**
 * Fails early, before any conversion work, with a clear error (a class with a
 * stable code) when the JSONL output cannot be used: a FIFO, device or socket
 * (`/dev/stdout`), an existing file that is not agent-otel JSONL, a folder
 * that cannot be made (`/proc/nope/x`), a read-only file system, no write
 * permission. Makes the folder.
 */
export async function checkOutputWritable(path: string): Promise<void> {
  checkOutputTarget(path);
}
