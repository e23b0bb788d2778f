import { Rng } from './prng.mjs';

/**
 * Deterministic filler that looks like what agents write: prose, shell output,
 * source lines and file paths. Built once from a fixed seed into pools of
 * sentences and code lines; a text of n characters is a run of pool entries,
 * so generating hundreds of megabytes stays fast.
 */

const WORDS = (
  'the a to of and in is it for this that with on we be as function test file module error value return ' +
  'session span trace export config build run check update handler request response token usage model tool ' +
  'call result output input schema parser reader writer stream buffer queue batch retry timeout deadline ' +
  'collector receiver pipeline adapter mapper event record line offset parent child agent subagent process ' +
  'should would could need let us now first then next after before because since while when where which ' +
  'fix add remove rename refactor move extract inline split merge compare measure profile cache reuse ' +
  'failing passing expected actual null undefined string number object array map set promise async await'
).split(' ');

const IDENTS = 'client server router handler session store state config options result events spans lines reader writer queue'.split(' ');
const PATH_DIRS = 'src lib test app internal pkg cmd web api core util spans adapters exporters live replay'.split(' ');
const EXTS = ['.ts', '.ts', '.ts', '.js', '.ex', '.py', '.go', '.rs', '.md', '.json'];

function sentence(rng) {
  const n = rng.int(5, 22);
  const words = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  const s = words.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}${rng.pick(['.', '.', '.', ':', '?', ' —', '.'])}`;
}

function codeLine(rng) {
  const indent = ' '.repeat(2 * rng.int(0, 4));
  const a = rng.pick(IDENTS);
  const b = rng.pick(IDENTS);
  switch (rng.int(0, 7)) {
    case 0:
      return `${indent}const ${a} = await ${b}.${rng.pick(['read', 'flush', 'export', 'parse', 'close'])}(${rng.int(0, 4096)});`;
    case 1:
      return `${indent}if (${a}.length > ${rng.int(1, 512)}) return ${b};`;
    case 2:
      return `${indent}// ${sentence(rng)}`;
    case 3:
      return `${indent}export function ${a}${b[0].toUpperCase()}${b.slice(1)}(${a}: ${rng.pick(['string', 'number', 'Buffer', 'Span[]'])}) {`;
    case 4:
      return `${indent}}`;
    case 5:
      return `${indent}for (const ${a} of ${b}) ${b}.push(${a});`;
    case 6:
      return `${indent}def ${a}_${b}(self, ${a}): return self.${b}.get(${a}, ${rng.int(0, 99)})`;
    default:
      return `${indent}${a}.${b} = ${JSON.stringify(rng.pick(WORDS))};`;
  }
}

const pool = new Rng(0x5eed);
const SENTENCES = Array.from({ length: 8192 }, () => sentence(pool));
const CODE = Array.from({ length: 8192 }, () => codeLine(pool));
const OUTPUT = Array.from({ length: 4096 }, () => {
  const kind = pool.int(0, 4);
  if (kind === 0) return `  ✓ ${sentence(pool)} (${pool.int(1, 900)} ms)`;
  if (kind === 1) return `    at ${pool.pick(IDENTS)} (${path(pool)}:${pool.int(1, 900)}:${pool.int(1, 80)})`;
  if (kind === 2) return `${path(pool)}:${pool.int(1, 900)}: ${sentence(pool)}`;
  if (kind === 3) return `drwxr-xr-x  ${pool.int(2, 9)} dev dev ${pool.int(64, 9999)} Feb ${pool.int(1, 28)} ${pool.pick(IDENTS)}`;
  return sentence(pool);
});

/** Prose of about `n` characters. */
export function prose(rng, n) {
  return run(rng, SENTENCES, n, ' ');
}

/** Source code of about `n` characters. */
export function code(rng, n) {
  return run(rng, CODE, n, '\n');
}

/** Terminal output of about `n` characters. */
export function shellOutput(rng, n) {
  return run(rng, OUTPUT, n, '\n');
}

/** File content as Claude Code's Read tool shows it: numbered lines. */
export function numbered(rng, n) {
  const lines = code(rng, n).split('\n');
  return lines.map((l, i) => `${String(i + 1).padStart(6, ' ')}→${l}`).join('\n');
}

export function path(rng, root = '') {
  const depth = rng.int(1, 4);
  const parts = [];
  for (let i = 0; i < depth; i++) parts.push(rng.pick(PATH_DIRS));
  return `${root}${root ? '/' : ''}${parts.join('/')}/${rng.pick(IDENTS)}-${rng.pick(IDENTS)}${rng.pick(EXTS)}`;
}

/** Base64-looking bytes (encrypted reasoning, signatures). */
export function opaque(rng, n) {
  const start = rng.int(0, OPAQUE.length - 1);
  let s = '';
  while (s.length < n) s += OPAQUE.slice(start % OPAQUE.length) + OPAQUE;
  return s.slice(0, n);
}

const OPAQUE = Array.from({ length: 4096 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[pool.int(0, 63)]).join('');

function run(rng, list, n, sep) {
  const parts = [];
  let len = 0;
  while (len < n) {
    const s = list[Math.floor(rng.next() * list.length)];
    parts.push(s);
    len += s.length + sep.length;
  }
  return parts.join(sep);
}
