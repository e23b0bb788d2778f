/**
 * Attribute keys the JSONL exporter itself writes. They live under the
 * project's `agent_otel.` prefix, outside any semantic convention.
 */

/** Set to `true` on a span whose largest attributes, events or links were dropped to fit one line. */
export const ATTR_TRUNCATED = 'agent_otel.truncated';

/** Resource attribute of a file's header line: a random UUID, unique per file. */
export const ATTR_FILE_ID = 'agent_otel.file.id';

/** Resource attribute of a file's header line: when the file was created (RFC 3339, UTC). */
export const ATTR_FILE_CREATED = 'agent_otel.file.created';
