export { replay } from './replay.js';
export { DEFAULT_MAX_BATCH_BYTES, type BatchEvent, type ReplayOptions } from './replay-options.js';
export { formatSummary, type ReplaySummary } from './summary.js';
export { isRetryableStatus, statusAction, type StatusAction } from '../exporters/otlp/retryable.js';
export { parseRetryAfter } from '../exporters/otlp/retry-after.js';
