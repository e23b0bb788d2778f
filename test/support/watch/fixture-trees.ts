import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sharedFixture } from '../fixtures/shared-fixtures.js';
import { listTree } from './tree-writer.js';

/** The project's own fixture trees, one per format. */
export const FIXTURES = resolve(import.meta.dirname, '../../fixtures');

/** A tree to write while watch follows it. */
export interface FixtureTree {
  name: string;
  path: string;
}

/**
 * test/fixtures/<format> for every format, and the real Claude Code and
 * Codex logs of ../shared/fixtures/real when they are there.
 */
export function fixtureTrees(): FixtureTree[] {
  const own = readdirSync(FIXTURES)
    .sort()
    .map((name) => ({ name, path: join(FIXTURES, name) }));
  const real = sharedFixture('real');
  const shared = real
    ? ['claude-code', 'codex'].map((name) => ({ name: `real/${name}`, path: join(real, name) })).filter((t) => existsSync(t.path))
    : [];
  return [...own, ...shared];
}

/** Lines per write step so that the tree is written in about `steps` steps, whatever its size. */
export function linesPerStep(tree: string, steps: number): number {
  const lines = listTree(tree).reduce((n, f) => n + readFileSync(join(tree, f), 'utf8').split('\n').length, 0);
  return Math.max(1, Math.ceil(lines / steps));
}
