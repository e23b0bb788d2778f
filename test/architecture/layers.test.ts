import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The folders of src/ from the bottom up, as ARCHITECTURE.md draws them. A
 * module may import from its own folder and from folders of a lower rank;
 * folders of the same rank (adapters and spans; pipeline and live) do not
 * import each other. `entry` is src/index.ts and src/register.ts.
 */
const RANKS: readonly (readonly string[])[] = [
  ['core'],
  ['config'],
  ['model'],
  ['cost'],
  ['adapters', 'spans'],
  ['exporters'],
  ['replay'],
  ['pending'],
  ['sinks'],
  ['pipeline', 'live', 'watch'],
  ['traces', 'instrument'],
  ['report', 'view'],
  ['cli'],
  ['entry'],
];

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const rankOf = new Map(RANKS.flatMap((folders, rank) => folders.map((f) => [f, rank] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function folderOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length === 1 ? 'entry' : parts[0]!;
}

/** Relative module specifiers of `import ... from`, `export ... from` and `import(...)`. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
}

/** Every import of src/ that goes against the layering, as `from -> to (spec)`. */
function layerViolations(files: readonly string[], read = (file: string) => readFileSync(file, 'utf8')): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = folderOf(file);
    for (const spec of importsOf(read(file))) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC + sep)) {
        out.push(`${relative(SRC, file)} imports ${spec}, outside src/`);
        continue;
      }
      const to = folderOf(target);
      if (to === from) continue;
      const a = rankOf.get(from);
      const b = rankOf.get(to);
      if (a === undefined || b === undefined || b >= a) out.push(`${relative(SRC, file)} (${from}) imports ${spec} (${to})`);
    }
  }
  return out;
}

describe('layers: imports follow the data flow', () => {
  const files = sourceFiles(SRC);

  it('knows every folder of src/', () => {
    const folders = new Set(files.map(folderOf));
    expect([...folders].filter((f) => !rankOf.has(f))).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
  });

  it('no module imports from a folder above it or beside it', () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it('would catch an import against the flow, and accepts one along it', () => {
    // Files that exist only for this check, read from memory.
    const core = join(SRC, 'core', 'probe.ts');
    const cli = join(SRC, 'cli', 'probe.ts');
    const texts = new Map([
      [core, "import { SpanMapper } from '../spans/mapper.js';\n"],
      [cli, "export { SpanMapper } from '../spans/mapper.js';\nconst later = await import('../core/errors.js');\n"],
    ]);
    expect(layerViolations([core, cli], (f) => texts.get(f)!)).toEqual(['core/probe.ts (core) imports ../spans/mapper.js (spans)']);
    const pipeline = join(SRC, 'pipeline', 'probe.ts');
    expect(layerViolations([pipeline], () => "import { x } from '../live/handles.js';\n")).toEqual([
      'pipeline/probe.ts (pipeline) imports ../live/handles.js (live)',
    ]);
  });
});
