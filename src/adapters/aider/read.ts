import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { readLines } from '../../core/line-reader.js';
import { AiderConverter } from './convert.js';
import { readLlmHistory } from './llm-history.js';
import type { AiderHints } from './plan.js';
import { SESSION_HEADER, localTime } from './schema.js';

/** The start times of a chat history's sessions, in order. */
async function sessionStarts(file: string, ctx: ReadContext): Promise<number[]> {
  const starts: number[] = [];
  for await (const line of readLines(file, { maxLineBytes: ctx.maxLineBytes })) {
    if ('overlong' in line) continue;
    const header = SESSION_HEADER.exec(line.text);
    const time = header ? localTime(header[1]!) : undefined;
    if (time !== undefined) starts.push(time);
  }
  return starts;
}

/** Reads a chat history (and the LLM history next to it, for the calls' times). */
export async function* readAider(unit: SourceUnit<AiderHints>, ctx: ReadContext): AsyncIterable<AgentEvent> {
  const chat = unit.hints?.chat ?? unit.files[0];
  if (chat === undefined) return;
  const llm = unit.hints?.llm ? await readLlmHistory(unit.hints.llm, ctx) : [];
  const converter = new AiderConverter(chat, await sessionStarts(chat, ctx), llm, ctx.warn, unit.hints?.llm !== undefined);
  for await (const line of readLines(chat, { maxLineBytes: ctx.maxLineBytes })) {
    if ('overlong' in line) {
      ctx.warn({ code: 'line_too_long', file: chat, line: line.line, message: `line of ${line.bytes} bytes is over the ${ctx.maxLineBytes ?? 'default'} byte limit; skipped` });
      continue;
    }
    yield* converter.line(line.text, line.line);
  }
  yield* converter.finish();
}
