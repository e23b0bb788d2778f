/**
 * What an adapter of one's own is written with: the same helpers the built-in
 * adapters use, re-exported from the package (see docs/adding-an-adapter.md).
 */
export type { Adapter, BuiltinFormat, FormatName, Probe, ReadContext, SourceUnit } from './adapter.js';
export { builtinAdapters, withUserAdapters } from './registry.js';
export { hasFields, type FieldKind } from './has-fields.js';
export { someFirstLine } from './probe.js';
export { groupByFolder } from './group-by-folder.js';
export { isRecord, readJsonLines, type JsonLine } from '../core/json-lines.js';
export { readRecords, type NumberedRecord } from './read-records.js';
export { readJsonDocument, type UnreadableDocument } from './json-document.js';
export { parseRecord } from './record.js';
export { Clock, exactness, reportMissingTime, type Stamp } from './record-clock.js';
export { definedFields, opt, optNumber, optContent } from './optional-fields.js';
export { tokenCount, roundedTokenCount } from './token-counts.js';
