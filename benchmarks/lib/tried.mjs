// @ts-check
/**
 * What was tried to make each benchmark faster or leaner, kept or not, with
 * the figures it was judged by. Written by hand (these are not figures of the
 * last run): the rest of BENCHMARKS.md is written by run.mjs.
 */

/** @type {Record<string, string[]>} */
export const TRIED = {
  convert: [
    'Kept: each record is checked by a guard compiled from its zod schema (`src/adapters/schema-guard.ts`) and used as parsed when the guard accepts it; zod reads only the records the guard refuses, so warnings are zod\'s. The output is byte-identical. CPU ratio to the floor (medians of 3, old and new builds alternating in one process, on a loaded machine): 0.43 to 0.48 on 128 MiB of the generated corpus, 0.31 to 0.36 on the real fixtures copied to 61 MiB.',
    'Not kept: reusing the Claude Code scan\'s parsed lines in the conversion pass (up to 4 MiB a unit) saved 2% of CPU (3.17 to 3.12 s) and cost about 15 MiB of peak RSS at 1 GiB; narrowing genai-prices to the matched model saved 10 µs of a 41 µs tiered lookup, under 1% of the run; decoding ASCII-only lines as latin1 gained nothing measurable (28% of the bytes are in such lines).',
    'Where the rest of the gap is (CPU profile of the generated corpus): Claude Code files are read and parsed twice, once to plan the units and once to convert (about 18%); tiered and dated prices are looked up call by call (5-7%); the OTLP/JSON serializer of @opentelemetry/otlp-transformer (5-7%).',
  ],
  'live-overhead': [
    'Kept: the pending journal and the JSONL file exporter encode each batch once (the journal\'s own encoding was 20.6% of the process\'s CPU), and a full batch goes to the sinks in the next turn of the event loop instead of on the stack of the call that filled it (on the caller\'s stack only once four full batches wait, so memory stays bounded). On a loaded machine the CPU ratio to the bare SDK went from 1.48 (1.45-1.54) to 1.16 (1.13-1.18), and the time inside a call from 21.8 to 13.6 µs.',
    'Where the rest is (CPU profile): the mapper\'s work per call, which the bare SDK does not do (span ids hashed from the session and call ids, content sizes, the conversation kept for the next chat span), about 9% of the process; the journal\'s file writes, renames and unlinks, about 4%.',
  ],
  sustained: [
    'Kept: the live OTLP leg holds 16,384 spans (the option, then `OTEL_BSP_MAX_QUEUE_SIZE`), joins the batches queued behind the one being sent into requests of up to 2,048 spans, and keeps 2 requests in flight. Before, it sent one batch at a time and dropped 2,048-3,072 spans to the pending journal in this run.',
    'Not kept: 4 requests in flight (each request got slower on two cores shared with the Collector; a direct probe sent 16.6k spans/s against 30-34k with 1-2) and joined requests of 4,096 spans (no measurable difference).',
  ],
  'opencode-sqlite': [
    'Kept: node-sqlite3-wasm reads `opencode.db` page by page through `fs` (read-only, the `-wal` file included) instead of sql.js, which copies the whole file into WebAssembly memory. Its own memory does not grow with the file: WebAssembly memory 18-20 MiB and a live heap of 10-11 MiB at 1 GiB; reading the 1 GiB database alone peaks at 277 MiB against 1,269 MiB with sql.js.',
    'The 256 MiB target is missed at 1 GiB: the whole database is one unit and OpenCode records no session end, so the mapper keeps every session open until the database is read (the live heap grows from 28 to 53 MiB over the conversion); uncollected garbage adds the rest. Closing each session tree as soon as its records are read is the next step. Times were measured on a loaded machine.',
  ],
};
