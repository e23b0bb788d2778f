import { isRecord } from '../../core/json-lines.js';
import type { JoinedTask } from '../cline-tasks/join.js';
import type { TaskFiles } from '../cline-tasks/task-files.js';
import { messageText } from '../cline-tasks/tool-calls.js';

/** What linking needs of a task: the text it was started with, when, and the subtasks it launched. */
export interface SubtaskFacts {
  id: string;
  /** The text of the first `<task>`. */
  task?: string;
  start: number;
  launches: Array<{ callId: string; message: string; mode?: string; time: number }>;
}

/** How sure a child's parent is: one equal text; equal texts told apart by time; only similar text. */
export type ParentMatch = 'exact' | 'time' | 'uncertain';

export interface SubtaskLink {
  parentId: string;
  callId: string;
  mode?: string;
  match: ParentMatch;
  /** The number of calls the child could have come from (for the warning). */
  candidates: number;
}

const TASK = /<task>\s*([\s\S]*?)\s*<\/task>/;

export function subtaskFacts(task: TaskFiles, joined: JoinedTask | undefined): SubtaskFacts | undefined {
  const firstUser = task.api.find((m) => m.value.role === 'user');
  const text = firstUser ? messageText(firstUser.value) : (task.ui[0]?.value.text ?? undefined);
  const start = task.ui[0]?.value.ts ?? task.api.find((m) => m.value.ts !== undefined)?.value.ts;
  if (start === undefined) return undefined;
  const launches: SubtaskFacts['launches'] = [];
  for (const turn of joined?.turns ?? []) {
    for (const call of turn.calls) {
      if (call.name !== 'new_task' || !isRecord(call.input) || typeof call.input.message !== 'string') continue;
      const mode = typeof call.input.mode === 'string' ? call.input.mode : undefined;
      launches.push({ callId: call.callId, message: call.input.message, ...(mode ? { mode } : {}), time: call.start.time });
    }
  }
  const found = text === undefined ? undefined : TASK.exec(text)?.[1];
  return { id: task.id, ...(found !== undefined ? { task: found } : text !== undefined ? { task: text } : {}), start, launches };
}

/** The slack allowed between a launch's recorded time and its child's first record (the call's time may be its response's end). */
const SLACK_MS = 60_000;

function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/\s+/g, ' ').trim();
}

function similar(a: string, b: string): boolean {
  const [x, y] = [normalize(a).toLowerCase(), normalize(b).toLowerCase()];
  if (x.length < 20 || y.length < 20) return false;
  return x.startsWith(y) || y.startsWith(x);
}

/**
 * Links each task to the `new_task` call that launched it, when there is one
 * among the tasks: a call whose message is the child's first `<task>` text and
 * that came before the child started. One such call is an exact match;
 * several (the same message sent twice) are told apart by time, the closest
 * before the child (`time`); with none, a call whose message only starts like
 * the child's text (or the other way round) is taken, closest in time
 * (`uncertain`). A call launches one child at most: exact matches are made
 * first.
 */
export function linkSubtasks(tasks: readonly SubtaskFacts[]): Map<string, SubtaskLink> {
  const links = new Map<string, SubtaskLink>();
  const taken = new Set<string>();
  const launches = tasks.flatMap((t) => t.launches.map((l) => ({ ...l, parentId: t.id })));
  const before = (child: SubtaskFacts) => launches.filter((l) => l.parentId !== child.id && l.time <= child.start + SLACK_MS && !taken.has(l.callId));
  const closest = <T extends { time: number }>(list: T[], child: SubtaskFacts): T =>
    list.reduce((best, l) => (Math.abs(child.start - l.time) < Math.abs(child.start - best.time) ? l : best));
  for (const pass of ['equal', 'similar'] as const) {
    for (const child of [...tasks].sort((a, b) => a.start - b.start)) {
      if (links.has(child.id) || child.task === undefined) continue;
      const text = child.task;
      const candidates = before(child).filter((l) => (pass === 'equal' ? normalize(l.message) === normalize(text) : similar(l.message, text)));
      if (candidates.length === 0) continue;
      const launch = closest(candidates, child);
      taken.add(launch.callId);
      const match: ParentMatch = pass === 'similar' ? 'uncertain' : candidates.length === 1 ? 'exact' : 'time';
      links.set(child.id, { parentId: launch.parentId, callId: launch.callId, ...(launch.mode ? { mode: launch.mode } : {}), match, candidates: candidates.length });
    }
  }
  return links;
}

/** The tasks in an order where each parent comes before its children (the rest in the order given). */
export function parentsFirst<T extends { id: string }>(tasks: readonly T[], links: ReadonlyMap<string, SubtaskLink>): T[] {
  const out: T[] = [];
  const placed = new Set<string>();
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const place = (task: T, depth: number) => {
    if (placed.has(task.id) || depth > tasks.length) return;
    const parent = links.get(task.id);
    const parentTask = parent ? byId.get(parent.parentId) : undefined;
    if (parentTask) place(parentTask, depth + 1);
    if (placed.has(task.id)) return;
    placed.add(task.id);
    out.push(task);
  };
  for (const task of tasks) place(task, 0);
  return out;
}
