import type { AgentEvent } from '../../model/events.js';
import type { ReadContext, SourceUnit } from '../adapter.js';
import { readJsonLines } from '../../core/json-lines.js';
import { readJsonDocument } from '../json-document.js';
import { SessionAgents } from './agents.js';
import { KimiWireConverter } from './convert.js';
import { SessionState } from './schema.js';

/**
 * Reads one session folder: state.json first (agents, parents, title,
 * folder), then each agent's wire, parents before their subagents, so that
 * the Agent call that launched a subagent is known when the subagent starts.
 */
export async function* readKimiCode(unit: SourceUnit, ctx: ReadContext): AsyncIterable<AgentEvent> {
  const stateFile = unit.files.find((f) => !f.endsWith('.jsonl'));
  const state = stateFile ? await readJsonDocument(stateFile, SessionState, ctx.warn) : undefined;
  const agents = new SessionAgents(
    unit.files.filter((f) => f.endsWith('.jsonl')),
    state,
  );
  const cwd = state?.workDir ?? state?.cwd;
  for (const wire of agents.wires) {
    const converter = new KimiWireConverter({
      file: wire.file,
      agentId: wire.agentId,
      agents,
      ...(state?.title ? { title: state.title } : {}),
      ...(cwd ? { cwd } : {}),
      warn: ctx.warn,
    });
    for await (const { value, line } of readJsonLines(wire.file, ctx.warn, { maxLineBytes: ctx.maxLineBytes })) {
      yield* converter.record(value, line);
    }
    yield* converter.finish();
  }
}
