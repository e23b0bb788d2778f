import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reading traces back from a running Phoenix: its REST API for spans (with the attributes it stored,
 * the OpenInference ones it derived from `gen_ai.*` included) and GraphQL for what it computes per
 * trace (span counts by kind, token totals, cost, session).
 */

/** A span as GET /v1/projects/{project}/spans returns it. */
export interface PhoenixSpan {
  name: string;
  context: { trace_id: string; span_id: string };
  parent_id: string | null;
  /** `AGENT`, `LLM`, `TOOL`, ... (`UNKNOWN` when Phoenix found no kind). */
  span_kind: string;
  status_code: string;
  /** Flat dotted keys, as sent plus those Phoenix derived. */
  attributes: Record<string, unknown>;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Every span of a project, page by page (404 while the project does not exist yet: no spans). */
export async function phoenixSpans(url: string, project: string): Promise<PhoenixSpan[]> {
  const spans: PhoenixSpan[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '1000', ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${url}/v1/projects/${encodeURIComponent(project)}/spans?${query.toString()}`, { signal: AbortSignal.timeout(30_000) });
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(`GET spans of ${project}: HTTP ${response.status} ${(await response.text()).slice(0, 500)}`);
    const page = (await response.json()) as { data: PhoenixSpan[]; next_cursor: string | null };
    spans.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return spans;
}

/**
 * Polls until the project holds `expected` spans (bounded by `timeoutMs`), then returns them; on timeout
 * the error says how many arrived.
 */
export async function waitForPhoenixSpans(url: string, project: string, expected: number, options: { timeoutMs?: number } = {}): Promise<PhoenixSpan[]> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spans = await phoenixSpans(url, project);
    if (spans.length >= expected) return spans;
    if (Date.now() > deadline) throw new Error(`project ${project}: ${spans.length} of ${expected} spans in Phoenix after ${timeoutMs} ms`);
    await sleep(500);
  }
}

/** POST /graphql; GraphQL errors throw. */
export async function phoenixGraphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await getJson<{ data?: T; errors?: Array<{ message: string }> }>(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  return body.data;
}

/** What Phoenix computes for one trace. Token counts and costs are Phoenix's own sums. */
export interface PhoenixTraceSummary {
  numSpans: number;
  spanCountsByKind: Array<{ spanKind: string; count: number }>;
  /** The session Phoenix filed the trace under. */
  session: { sessionId: string } | null;
  /** Phoenix's cost of the trace (its own price table), null when no span was priced. */
  costSummary: { total: { cost: number | null; tokens: number | null } };
  rootSpan: { spanId: string; cumulativeTokenCountPrompt: number; cumulativeTokenCountCompletion: number } | null;
}

/** A span's kind and Phoenix's cost of it (null when Phoenix priced nothing on it). */
export interface PhoenixSpanCost {
  spanId: string;
  spanKind: string;
  costSummary: { total: { cost: number | null } } | null;
}

const TRACE_QUERY = `query ($project: ID!, $traceId: ID!) {
  node(id: $project) { ... on Project { trace(traceId: $traceId) {
    numSpans
    spanCountsByKind { spanKind count }
    session { sessionId }
    costSummary { total { cost tokens } }
    rootSpan { spanId cumulativeTokenCountPrompt cumulativeTokenCountCompletion }
  } } }
}`;

const TRACE_SPANS_QUERY = `query ($project: ID!, $traceId: ID!, $after: String) {
  node(id: $project) { ... on Project { trace(traceId: $traceId) {
    spans(first: 1000, after: $after) {
      edges { node { spanId spanKind costSummary { total { cost } } } }
      pageInfo { hasNextPage endCursor }
    }
  } } }
}`;

/** Phoenix's GraphQL id of a project, found by name. */
export async function phoenixProjectId(url: string, project: string): Promise<string> {
  const data = await phoenixGraphql<{ projects: { edges: Array<{ node: { id: string; name: string } }> } }>(url, '{ projects { edges { node { id name } } } }');
  const found = data.projects.edges.find((e) => e.node.name === project);
  if (!found) throw new Error(`Phoenix has no project ${project}`);
  return found.node.id;
}

/** Phoenix's figures for a trace of the project (by OTLP trace id). */
export async function phoenixTrace(url: string, projectId: string, traceId: string): Promise<PhoenixTraceSummary> {
  const data = await phoenixGraphql<{ node: { trace: PhoenixTraceSummary | null } }>(url, TRACE_QUERY, { project: projectId, traceId });
  if (!data.node.trace) throw new Error(`Phoenix has no trace ${traceId}`);
  return data.node.trace;
}

interface SpansPage {
  node: { trace: { spans: { edges: Array<{ node: PhoenixSpanCost }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null };
}

/** Every span of a trace with Phoenix's cost of it, page by page. */
export async function phoenixSpanCosts(url: string, projectId: string, traceId: string): Promise<PhoenixSpanCost[]> {
  const out: PhoenixSpanCost[] = [];
  let after: string | null = null;
  for (;;) {
    const data: SpansPage = await phoenixGraphql<SpansPage>(url, TRACE_SPANS_QUERY, { project: projectId, traceId, after });
    if (!data.node.trace) throw new Error(`Phoenix has no trace ${traceId}`);
    const { edges, pageInfo } = data.node.trace.spans;
    out.push(...edges.map((e) => e.node));
    if (!pageInfo.hasNextPage) return out;
    after = pageInfo.endCursor;
  }
}

/**
 * The value Phoenix stored under `key` from the flat attributes its REST API returns: the value itself,
 * or, where Phoenix parsed a JSON object and the API flattened it (`tool.parameters.file_path`), the
 * object rebuilt from the keys below `key` (lists of objects come flattened with indices: `todos.0.status`);
 * undefined when there is neither.
 */
export function nestedAttribute(attributes: Record<string, unknown>, key: string): unknown {
  if (key in attributes) return attributes[key];
  const below = Object.keys(attributes).filter((k) => k.startsWith(`${key}.`));
  if (below.length === 0) return undefined;
  const root: Record<string, unknown> = {};
  for (const k of below) {
    const path = k.slice(key.length + 1).split('.');
    let node = root;
    for (const step of path.slice(0, -1)) node = (node[step] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = attributes[k];
  }
  return withLists(root);
}

/** Objects whose keys are exactly 0..n-1 become lists, all the way down. */
function withLists(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, withLists(v)] as const);
  const isList = entries.length > 0 && entries.every(([k], i) => k === String(i));
  return isList ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}

/** The sessions of a project, with how many traces each groups. */
export async function phoenixSessions(url: string, projectId: string): Promise<Array<{ sessionId: string; numTraces: number }>> {
  const data = await phoenixGraphql<{ node: { sessions: { edges: Array<{ node: { sessionId: string; numTraces: number } }> } } }>(
    url,
    `query ($project: ID!) { node(id: $project) { ... on Project { sessions(first: 1000) { edges { node { sessionId numTraces } } } } } }`,
    { project: projectId },
  );
  return data.node.sessions.edges.map((e) => e.node);
}
