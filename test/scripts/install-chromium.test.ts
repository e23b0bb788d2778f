import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/backends/backends.js';
import { useTempDirs } from '../support/isolation/temp-dirs.js';

/**
 * scripts/install-chromium.sh where it installs nothing: a Chromium named by
 * AGENT_OTEL_CHROMIUM is taken as it is (the install step skipped, and said
 * so), a name that is no executable fails loudly with exit 3. The install from
 * Debian's packages runs in .ci/run on a machine without the browser.
 */
const SCRIPT = join(REPO, 'scripts/install-chromium.sh');
const tempDir = useTempDirs();

const run = (chromium: string) => spawnSync('bash', [SCRIPT], { env: { ...process.env, AGENT_OTEL_CHROMIUM: chromium }, encoding: 'utf8' });

describe('scripts/install-chromium.sh', () => {
  it('skips the install, and says so, when the browser is already there', () => {
    const fake = join(tempDir(), 'chromium');
    writeFileSync(fake, '#!/bin/sh\necho "Chromium 1.2.3 fake"\n');
    chmodSync(fake, 0o755);
    const result = run(fake);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`== chromium: already installed: ${fake} (Chromium 1.2.3 fake)\n`);
  });

  it('fails loudly, exit 3, when the browser named is not an executable', () => {
    const missing = join(tempDir(), 'no-such-chromium');
    const result = run(missing);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`AGENT_OTEL_CHROMIUM=${missing} is not an executable`);
    expect(result.stderr).toContain('!!!');
  });
});
