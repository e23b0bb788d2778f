import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { RESULT_MARKER } from './report.mjs';

export const GNU_TIME = '/usr/bin/time';

/**
 * @param {string} script
 * @param {string[]} [args]
 * @param {{ env?: Record<string, string>, measureRss?: boolean, echo?: boolean, nodeArgs?: string[], keepOutput?: boolean }} [options]
 * @returns {Promise<any>} the child's result object
 *
 * Runs `node <script> <args>` as a child and returns the JSON of its
 * `BENCH_RESULT` line; with `measureRss` it runs under `/usr/bin/time -v`
 * (when present) and adds `maxRssKiB` as the kernel accounted it; with
 * `keepOutput` the child's whole stdout is in `output`.
 */
export function runChild(script, args = [], { env = {}, measureRss = false, echo = true, nodeArgs = [], keepOutput = false } = {}) {
  const useTime = measureRss && existsSync(GNU_TIME);
  const command = useTime ? GNU_TIME : process.execPath;
  const argv = useTime ? ['-v', process.execPath, ...nodeArgs, script, ...args] : [...nodeArgs, script, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      if (echo) for (const line of chunk.split('\n')) if (line && !line.startsWith(RESULT_MARKER)) process.stdout.write(`  ${line}\n`);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (!line) {
        reject(new Error(`${script} exited with ${code} without a result:\n${stderr.slice(-3000)}`));
        return;
      }
      const result = JSON.parse(line.slice(RESULT_MARKER.length));
      if (result.error) {
        reject(new Error(`${script}: ${result.error}`));
        return;
      }
      if (keepOutput) result.output = stdout;
      if (useTime) {
        const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(stderr);
        if (m) result.maxRssKiB = Number(m[1]);
      }
      resolve(result);
    });
  });
}
