import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../src/core/errors.js';
import {
  DEFAULT_JSONL_PATH,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_LINE_BYTES,
  JSONL_PATH_ENV,
  resolveJsonlSettings,
} from '../../src/index.js';

describe('resolveJsonlSettings', () => {
  it.each([
    { name: 'option over env', option: 'opt.jsonl', env: 'env.jsonl', path: 'opt.jsonl', layout: undefined },
    { name: 'env when no option', option: undefined, env: 'env-dir/', path: 'env-dir', layout: 'directory' },
    { name: 'default when neither', option: undefined, env: undefined, path: DEFAULT_JSONL_PATH, layout: 'directory' },
    { name: 'default when env is blank', option: undefined, env: '  ', path: DEFAULT_JSONL_PATH, layout: 'directory' },
  ])('path: $name', ({ option, env, path, layout }) => {
    const settings = resolveJsonlSettings({ path: option, env: { [JSONL_PATH_ENV]: env } });
    expect(settings.path).toBe(resolve(path));
    expect(settings.layout).toBe(layout);
  });

  it('uses the documented defaults', () => {
    expect(resolveJsonlSettings({ env: {} })).toEqual({
      path: resolve('agent-otel-traces'),
      layout: 'directory',
      maxFileBytes: 64 * 1024 * 1024,
      maxLineBytes: 1024 * 1024,
      fsync: false,
    });
    expect([DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_LINE_BYTES]).toEqual([64 * 1024 * 1024, 1024 * 1024]);
  });

  it.each([
    { maxLineBytes: 100 },
    { maxLineBytes: 1.5e6 + 0.5 },
    { maxFileBytes: 0 },
    { maxFileBytes: Number.NaN },
  ])('refuses %o', (options) => {
    expect(() => resolveJsonlSettings({ env: {}, ...options })).toThrow(InvalidConfigError);
  });
});
