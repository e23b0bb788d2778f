import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes a whole file so that a reader (or the next run after a crash) sees
 * either the old content or the new one, never a part: the text goes to a
 * temporary file beside it (0600), which then replaces the file.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, path).catch(async (error: unknown) => {
    await rm(tmp, { force: true });
    throw error;
  });
}
