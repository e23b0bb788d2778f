/**
 * Attribute and event names used on agent-otel spans.
 *
 * The `gen_ai.*` names follow the OpenTelemetry GenAI semantic conventions,
 * which are still experimental (incubating); they are copied here as constants,
 * as the OpenTelemetry instrumentations do, so that an upstream rename is one
 * edit. Names the conventions do not cover live under the `agent_otel.` prefix.
 *
 * @experimental
 */

/**
 * The semantic-conventions release whose names these are: 1.43.0 is the last
 * release of the main conventions that holds the GenAI names (from 1.44.0 they
 * live in the semantic-conventions-genai repository, which has no release of
 * its own yet), with `session.id` and `user.id`. Set on the instrumentation
 * scope and on every resource.
 */
export const SCHEMA_URL = 'https://opentelemetry.io/schemas/1.43.0';

// --- GenAI semantic conventions (incubating) ---
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** chat: seconds from the request to the first chunk of a streamed response. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
/** chat only: the call's cost (USD; the name Langfuse reads), and the proposed amount / currency / source. */
export const ATTR_GEN_AI_USAGE_COST = 'gen_ai.usage.cost';
export const ATTR_GEN_AI_USAGE_COST_AMOUNT = 'gen_ai.usage.cost.amount';
export const ATTR_GEN_AI_USAGE_COST_CURRENCY = 'gen_ai.usage.cost.currency';
/** `provider` (the source recorded the cost) or `local` (agent-otel computed it from tokens). */
export const ATTR_GEN_AI_USAGE_COST_SOURCE = 'gen_ai.usage.cost.source';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
/** chat (and invoke_agent, for what no chat span took): JSON text in the conventions' message schemas. */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';

export const GEN_AI_OPERATION_INVOKE_AGENT = 'invoke_agent';
export const GEN_AI_OPERATION_CHAT = 'chat';
export const GEN_AI_OPERATION_EXECUTE_TOOL = 'execute_tool';

// --- General semantic conventions (stable or incubating) ---
/** The session's id (the same as gen_ai.conversation.id), read by LLM-observability backends to group traces. */
export const ATTR_SESSION_ID = 'session.id';
/** The user, where the source records one. */
export const ATTR_USER_ID = 'user.id';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_EXCEPTION_MESSAGE = 'exception.message';
export const ATTR_EXCEPTION_TYPE = 'exception.type';
export const ATTR_SERVICE_NAME = 'service.name';
export const ATTR_SERVICE_VERSION = 'service.version';
export const ATTR_HOST_NAME = 'host.name';
export const ATTR_HOST_ARCH = 'host.arch';
export const ATTR_OS_TYPE = 'os.type';
export const ATTR_VCS_REF_HEAD_NAME = 'vcs.ref.head.name';
export const ATTR_VCS_REF_HEAD_REVISION = 'vcs.ref.head.revision';
export const ATTR_VCS_REPOSITORY_URL_FULL = 'vcs.repository.url.full';

// --- agent-otel's own names ---
export const PREFIX = 'agent_otel.';

/** Resource: the working directory the agent ran in. */
export const ATTR_CWD = 'agent_otel.cwd';
/** Resource: the command line that started the agent (content: only with capture on). */
export const ATTR_COMMAND = 'agent_otel.command';
/** Resource: the source format the session was read from (`claude-code`, `zag`, `live`, ...). */
export const ATTR_SOURCE_FORMAT = 'agent_otel.source.format';
export const ATTR_GIT_DIRTY = 'agent_otel.git.dirty';
export const ATTR_GIT_END_REVISION = 'agent_otel.git.end_revision';

/** invoke_agent: how the session ended: `ok`, `error` or `interrupted`. */
export const ATTR_SESSION_OUTCOME = 'agent_otel.session.outcome';
export const ATTR_SESSION_END_REASON = 'agent_otel.session.end_reason';
/** invoke_agent: false when the source recorded no end (the span ends at the last record). */
export const ATTR_SESSION_END_RECORDED = 'agent_otel.session.end_recorded';
export const ATTR_SESSION_TOOL_CALLS = 'agent_otel.session.tool_calls';
export const ATTR_SESSION_TOOL_FAILURES = 'agent_otel.session.tool_failures';
export const ATTR_SESSION_MODEL_CALLS = 'agent_otel.session.model_calls';
export const ATTR_SESSION_SUBAGENTS = 'agent_otel.session.subagents';
export const ATTR_SESSION_HEARTBEATS = 'agent_otel.session.heartbeats';
export const ATTR_SESSION_TITLE = 'agent_otel.session.title';
/** invoke_agent: true on a subagent's span. */
export const ATTR_SUBAGENT = 'agent_otel.subagent';
/** invoke_agent: the parent session's id, on a subagent. */
export const ATTR_PARENT_CONVERSATION_ID = 'agent_otel.parent.conversation_id';
/**
 * invoke_agent, on a subagent: how it was placed: `launched_by_call` (under
 * the tool span that launched it), `session_root` (under its parent session's
 * root: no launching call, e.g. Claude Code warmup or compaction agents) or
 * `orphan` (its parent's records are missing: a trace of its own).
 */
export const ATTR_PARENT_PLACEMENT = 'agent_otel.parent.placement';
/**
 * invoke_agent, on a subagent linked to its launching call by text and time
 * (no id in the records: Roo Code subtasks): `exact` (one call sent the
 * child's first message), `time` (several did; the closest before it was
 * taken) or `uncertain` (the text is only similar). Set by the adapter
 * through the session's attributes.
 */
export const ATTR_PARENT_MATCH = 'agent_otel.parent.match';
/** invoke_agent: totals the source itself reported for the session (e.g. at shutdown). */
export const ATTR_SESSION_REPORTED_INPUT_TOKENS = 'agent_otel.session.reported.input_tokens';
export const ATTR_SESSION_REPORTED_OUTPUT_TOKENS = 'agent_otel.session.reported.output_tokens';
export const ATTR_SESSION_REPORTED_COST_USD = 'agent_otel.session.reported.cost_usd';

/** chat: the cost computed from tokens, when the span's cost is the one the source recorded. */
export const ATTR_USAGE_COST_LOCAL = 'agent_otel.usage.cost.local';
/** chat: true when the call used tokens and no cost is known (no recorded cost, no price for its model). */
export const ATTR_USAGE_COST_UNPRICED = 'agent_otel.usage.cost.unpriced';

/**
 * invoke_agent (and execute_tool spans that launched subagents): usage and
 * cost rolled up under agent-otel's own names, which no backend adds up
 * again. `own`: the session's own chat spans; `subtree`: those and every
 * subagent's below it. Suffixes: `input_tokens`, `output_tokens`,
 * `cache_read.input_tokens`, `cache_creation.input_tokens`,
 * `reasoning.output_tokens`, `cost` (USD), `unpriced_calls`.
 */
export const PREFIX_USAGE_OWN = 'agent_otel.usage.own.';
export const PREFIX_USAGE_SUBTREE = 'agent_otel.usage.subtree.';
/** execute_tool: tokens a source attributes to the tool call itself. */
export const PREFIX_TOOL_USAGE = 'agent_otel.tool.usage.';

/** chat */
export const ATTR_CHAT_LATENCY_MS = 'agent_otel.chat.latency_ms';
export const ATTR_CHAT_RETRIES = 'agent_otel.chat.retries';
/** Set when the source wrote the call's token counts or cost rounded (Aider's `3.2k sent`). */
export const ATTR_USAGE_INEXACT = 'agent_otel.usage.inexact';
/** chat: the part of `gen_ai.usage.cache_creation.input_tokens` written to a one-hour cache (priced higher). */
export const ATTR_USAGE_CACHE_CREATION_1H = 'agent_otel.usage.cache_creation_1h.input_tokens';
export const ATTR_CHAT_CONTEXT_USED = 'agent_otel.chat.context.used_tokens';
export const ATTR_CHAT_CONTEXT_MAX = 'agent_otel.chat.context.max_tokens';

/**
 * chat (and invoke_agent, for what no chat span took), with content capture
 * on or off: how many input messages, and the size in bytes of the input,
 * the output and the system instructions as the source held them.
 */
export const ATTR_MESSAGES_INPUT_COUNT = 'agent_otel.messages.input.count';
export const ATTR_MESSAGES_INPUT_SIZE = 'agent_otel.messages.input.size';
export const ATTR_MESSAGES_OUTPUT_SIZE = 'agent_otel.messages.output.size';
export const ATTR_MESSAGES_SYSTEM_SIZE = 'agent_otel.messages.system.size';

/** execute_tool */
export const ATTR_TOOL_SUCCESS = 'agent_otel.tool.success';
export const ATTR_TOOL_DURATION_MS = 'agent_otel.tool.duration_ms';
export const ATTR_TOOL_KIND = 'agent_otel.tool.kind';
export const ATTR_TOOL_INPUT_SIZE = 'agent_otel.tool.input.size';
export const ATTR_TOOL_OUTPUT_SIZE = 'agent_otel.tool.output.size';
export const ATTR_TOOL_EXIT_CODE = 'agent_otel.tool.exit_code';
export const ATTR_TOOL_ERROR = 'agent_otel.tool.error';
/** execute_tool: true when the session ended before the call had a result. */
export const ATTR_TOOL_INTERRUPTED = 'agent_otel.tool.interrupted';

/**
 * chat and execute_tool: where the span's duration comes from:
 * `timestamps` (start and end records), `recorded` (a duration the source
 * measured), `latency` (a recorded latency), or `none` (the source records
 * a single point in time; the span has zero length).
 */
export const ATTR_DURATION_SOURCE = 'agent_otel.duration.source';

/** Content capture: how many values were cut to the length limit, and how many secrets were redacted. */
export const ATTR_CONTENT_TRUNCATED = 'agent_otel.content.truncated';
export const ATTR_CONTENT_REDACTED = 'agent_otel.content.redacted';
/** Set when the source's time was approximate or inferred. */
export const ATTR_TIME_INEXACT = 'agent_otel.time.inexact';

// --- event names and their attributes ---
export const EVENT_PERMISSION = 'agent_otel.permission';
export const EVENT_EXCEPTION = 'exception';
export const EVENT_HANDOFF = 'agent_otel.handoff';
export const EVENT_COMPACTION = 'agent_otel.compaction';
export const EVENT_USAGE_LIMIT = 'agent_otel.usage_limit';
export const EVENT_STATE_CHANGE = 'agent_otel.state_change';
export const EVENT_LIFECYCLE = 'agent_otel.lifecycle';
export const EVENT_UNKNOWN = 'agent_otel.unknown';
export const EVENT_COST = 'agent_otel.cost';
/** agent_otel.cost event: a cost the source recorded apart from any model call (USD). */
export const ATTR_EVENT_COST_USD = 'agent_otel.cost.usd';

export const ATTR_EVENT_CONTENT = 'agent_otel.content';
export const ATTR_EVENT_CONTENT_SIZE = 'agent_otel.content.size';
export const ATTR_EVENT_NAME = 'agent_otel.name';
export const ATTR_EVENT_LEVEL = 'agent_otel.level';
export const ATTR_EVENT_KIND = 'agent_otel.kind';
export const ATTR_EVENT_SOURCE_LINE = 'agent_otel.source.line';
export const ATTR_PERMISSION_GRANTED = 'agent_otel.permission.granted';
export const ATTR_USAGE_LIMIT_PHASE = 'agent_otel.usage_limit.phase';
export const ATTR_USAGE_LIMIT_INCIDENT = 'agent_otel.usage_limit.incident_id';
export const ATTR_COMPACTION_TRIGGER = 'agent_otel.compaction.trigger';
export const ATTR_COMPACTION_PRE_TOKENS = 'agent_otel.compaction.pre_tokens';
export const ATTR_STATE_KEY = 'agent_otel.state.key';
export const ATTR_HANDOFF_FROM = 'agent_otel.handoff.from';
export const ATTR_HANDOFF_TO = 'agent_otel.handoff.to';
