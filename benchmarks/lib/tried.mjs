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
    'Kept: tiered and dated prices are worked out once per price period and tier with genai-prices (`src/cost/tiered-prices.ts`), so a call is priced in 3-5 µs instead of 50-65 µs, with the same results (checked against genai-prices on random calls across price dates and tiers).',
    'Kept: the Claude Code scan keeps the parsed lines of small files, 2 MiB of files a unit, for the conversion pass (not under watch, whose read view needs the conversion pass to read). With the prices above, the CPU ratio to the floor went from 0.38 to 0.48 on 64 MiB of the generated corpus; no change could be seen on the real fixtures, whose largest file is over the budget.',
    'Not kept: a budget of 4-8 MiB of kept lines (no faster than 2 MiB, 15-23 MiB more peak RSS); reading the scan\'s fields by a byte walk instead of JSON.parse (1.4-1.5 times as fast as JSON.parse on real lines, and the warnings of malformed lines would have moved to the conversion pass); narrowing genai-prices to the matched model (under 1% of the run); decoding ASCII-only lines as latin1 (nothing measurable: 28% of the bytes are in such lines).',
    'Kept: files are read synchronously (`src/core/file-chunks.ts`: open, read and close from the page cache, the event loop turning after each read), and so are the probes, the sizes of the kept-lines plan and the walk of the input tree. Through streams and fs promises every small file cost an open, two reads and a close on the thread pool with the event loop idle meanwhile: 16% of the samples of a profile of the real fixtures were idle, 2% after. On the real fixtures, with the floor in the same process (a loaded machine): 1.95 s to 1.34-1.40 s, ratio 0.44 to 0.52-0.53.',
    'Kept: a Claude Code file larger than what is left of the unit\'s 2 MiB budget has its first lines kept up to the budget, and only the rest is read and parsed again (before, all of it was). The real fixtures\' largest file is 3.3 MiB, and 13 such files hold 43 of the corpus\'s 61 MiB. Ratio on the real fixtures 0.52 to 0.56-0.60, on 256 MiB of the generated corpus 0.44-0.49 to 0.51-0.56 (loaded machine). A test converts every fixture with budgets that end inside files and checks the events and warnings against reading everything twice.',
    'Kept: RFC 3339 UTC times (`YYYY-MM-DDTHH:MM:SS[.f]Z`) are read without the pattern and with one Date.parse per day (3.3% of the generated corpus\'s profile before; a test checks them against the general path on 5,000 near-valid texts).',
    'Not kept: a lean parse for the scan of large files, skipping long strings the scan never reads and parsing what remains: slower than decoding and parsing the whole line with V8 (54 against 47-54 ms on a 12 MiB file, 16-23 against 12-15 ms on 3.3 MiB), whose JSON.parse is faster than any byte walk in JavaScript.',
    'Where the rest of the gap is (CPU profile of the real fixtures, warm): JSON.parse and UTF-8 decoding of each line, which the floor does too (about 30%); the OTLP/JSON serializer of @opentelemetry/otlp-transformer, JSON.stringify of verbose OTLP objects and their encoding (17%); lines of Claude Code files past the kept-lines budget parsed a second time; garbage collection (8%).',
  ],
  memory: [
    'Kept: undici is loaded with the first OTLP request instead of with the library (the live heap of the library after loading fell from 29 to 20 MiB, RSS 58 to 49 MiB; the live heap over the 1 GiB conversion from 33 to 29 MiB); lines are read into one buffer per file instead of one per 256 KiB read.',
    'Peak RSS is not set by what is live (29 MiB) but by how far V8 lets the heap grow before a full collection: about 3.5-4 times the live heap, a factor that V8 raises with the rate at which objects survive into the old generation. Converting faster raised it: with the same live heap, the full collections of the 1 GiB conversion came at 110-121 MiB of heap before this round\'s speed-ups and at 130-138 MiB after (--trace-gc), and peak RSS went from 257 MiB (255-276) to 289 MiB (284-309) in alternating runs of the two builds.',
    'Not kept: V8 flags are the user\'s to set, not the library\'s, and did not help anyway: --max-semi-space-size=4 or 8 left the peak at 268-290 MiB; --optimize-for-size brought it to 130 MiB but made the conversion 2.3 times as slow. Keeping no lines at all (every Claude Code file parsed twice) did not lower the peak either (299-318 MiB): more reading means more buffers to collect.',
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
    'At 1 GiB (a separate run of this benchmark with BENCH_OPENCODE_MB=1024, 2 runs of each reader, on a loaded machine; memory is not much moved by load): converting a 1,030 MiB database (3,700 sessions, 251,918 spans) peaked at 369.2 MiB (358.3-380.2) with node-sqlite3-wasm against 1,398.6 MiB (1,397.2-1,400.0) with sql.js, a ratio of 0.26.',
    'The 256 MiB target is missed at 1 GiB: the whole database is one unit and OpenCode records no session end, so the mapper keeps every session open until the database is read (the live heap grows from 28 to 53 MiB over the conversion); uncollected garbage adds the rest. Closing each session tree as soon as its records are read is the next step. Times were measured on a loaded machine.',
  ],
};
