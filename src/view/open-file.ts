import { spawn } from 'node:child_process';

/** The platform's own opener of a file in its default application: `open`, `start` (through cmd) or `xdg-open`. */
export function openerFor(platform: NodeJS.Platform, file: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [file] };
  // start's first quoted argument is a window title: an empty one, so that a quoted path is not taken for it.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', `"${file}"`] };
  return { command: 'xdg-open', args: [file] };
}

/**
 * Opens a file in the default browser without waiting for it; resolves
 * once the opener has started, rejects when it cannot be run.
 */
export function openFile(file: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const { command, args } = openerFor(platform, file);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: platform === 'win32' });
    child.once('error', (error) => reject(new Error(`cannot run ${command} to open ${file}: ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolvePromise();
    });
  });
}
