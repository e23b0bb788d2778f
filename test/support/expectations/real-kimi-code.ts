import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { isObj, num, rawJsonLines, str, type RawLine } from './raw-lines.js';
import { interruptedCall, noUsage, type ExpectedCall, type ExpectedRun, type ExpectedSession, type ExpectedUsage } from './real-expected.js';

/** One agent's wire read plainly: its agent id (folder `agents/<id>/wire.jsonl`, or an `agent-<n>` file-name ending, else `main`). */
export interface KimiWire {
  file: string;
  agentId: string;
  lines: RawLine[];
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => join(dir, f));

function agentOf(file: string): string {
  if (basename(file) === 'wire.jsonl' && basename(dirname(dirname(file))) === 'agents') return basename(dirname(file));
  return /(agent-\d+)$/.exec(basename(file, extname(file)))?.[1] ?? 'main';
}

/** The wires of a session folder and its state.json. */
export function kimiWires(dir: string): { wires: KimiWire[]; state: Record<string, unknown> } {
  const files = filesUnder(dir);
  const stateFile = files.find((f) => f.endsWith('.json'));
  const state = stateFile ? (JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>) : {};
  const wires = files.filter((f) => f.endsWith('.jsonl')).map((file) => ({ file, agentId: agentOf(file), lines: rawJsonLines(file) }));
  return { wires, state };
}

/** The loop events of a wire (`context.append_loop_event`), with their record's time. */
export function loopEvents(wire: KimiWire): { event: Record<string, unknown>; time: number }[] {
  return wire.lines.flatMap((l) =>
    l.value.type === 'context.append_loop_event' && isObj(l.value.event) ? [{ event: l.value.event, time: num(l.value.time) }] : [],
  );
}

/**
 * Usage of an agent's model calls: every `usage.record` is one call (the loop
 * step's `step.end` repeats a `turn` record's figures); `inputOther` excludes
 * the cache, so input = inputOther + cache reads + cache writes. A loop step
 * that never ended (cancelled) is a call without usage.
 */
export function kimiUsage(wire: KimiWire): ExpectedUsage {
  const usage = noUsage();
  const steps = loopEvents(wire).filter((e) => e.event.type === 'step.begin').length;
  const records = wire.lines.filter((l) => l.value.type === 'usage.record');
  usage.responses = steps + records.filter((r) => r.value.usageScope === 'session').length;
  for (const r of records) {
    const u = isObj(r.value.usage) ? r.value.usage : {};
    usage.input += num(u.inputOther) + num(u.inputCacheRead) + num(u.inputCacheCreation);
    usage.output += num(u.output);
    usage.cacheRead += num(u.inputCacheRead);
    usage.cacheCreation += num(u.inputCacheCreation);
  }
  return usage;
}

/** Tool calls: `tool.call` to the `tool.result` of the same `toolCallId`; failed when `result.isError`. */
export function kimiCalls(wire: KimiWire): ExpectedCall[] {
  const events = loopEvents(wire);
  const lastMs = Math.max(...wire.lines.map((l) => num(l.value.time)));
  return events
    .filter((e) => e.event.type === 'tool.call')
    .map((call): ExpectedCall => {
      const id = String(call.event.toolCallId);
      const name = String(call.event.name);
      const result = events.find((e) => e.event.type === 'tool.result' && e.event.toolCallId === id);
      if (!result) return interruptedCall(id, name, call.time, lastMs);
      const failed = isObj(result.event.result) && result.event.result.isError === true;
      return { id, name, success: !failed, durationMs: result.time - call.time, source: 'timestamps', interrupted: false };
    });
}

/**
 * Kimi Code session folders read plainly. The main agent's session id is
 * state.json's `id`, else the `session_<id>` folder's, else the main wire's
 * file name; a subagent's is `<session id>/<agent id>`. A subagent hangs
 * under the Agent call whose result names it (`agent_id: agent-0`), else
 * under the root of the parent state.json names, else (its first prompt
 * comes from a `subagent` trigger) under the main agent's root.
 */
export function kimiCodeExpectations(dir: string): ExpectedRun {
  const { wires, state } = kimiWires(dir);
  const main = wires.find((w) => w.agentId === 'main');
  const folder = basename(dir).startsWith('session_') ? basename(dir).slice('session_'.length) : undefined;
  const sessionId = str(state.id) ?? folder ?? (main ? basename(main.file, extname(main.file)) : 'kimi-code');
  const idOf = (agentId: string) => (agentId === 'main' ? sessionId : `${sessionId}/${agentId}`);
  const agents = isObj(state.agents) ? state.agents : {};
  const sessions = wires.map((wire): ExpectedSession => {
    const session: ExpectedSession = { agent: 'kimi-code', id: idOf(wire.agentId), file: wire.file, calls: kimiCalls(wire), usage: kimiUsage(wire) };
    if (wire.agentId === 'main') return session;
    for (const other of wires) {
      for (const e of loopEvents(other)) {
        const output = isObj(e.event.result) ? str(e.event.result.output) : undefined;
        if (e.event.type === 'tool.result' && output?.split('\n').includes(`agent_id: ${wire.agentId}`)) {
          return { ...session, parent: { sessionId: idOf(other.agentId), toolCallId: String(e.event.toolCallId), evidence: 'call' } };
        }
      }
    }
    const declared = isObj(agents[wire.agentId]) ? str((agents[wire.agentId] as Record<string, unknown>).parentAgentId) : undefined;
    const prompt = wire.lines.find((l) => l.value.type === 'turn.prompt')?.value;
    const triggered = isObj(prompt?.origin) && prompt.origin.kind === 'system_trigger' && prompt.origin.name === 'subagent';
    const parent = declared ?? (triggered ? 'main' : undefined);
    return parent ? { ...session, parent: { sessionId: idOf(parent), evidence: 'root' } } : session;
  });
  return { sessions, reports: [] };
}
