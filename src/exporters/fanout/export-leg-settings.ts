import { isPositive, readNumber } from '../../config/env.js';
import { InvalidConfigError } from '../../core/errors.js';
import type { ExportLegOptions, OverflowPolicy } from './export-leg-options.js';

/** An ExportLeg's options with every default filled in and every value checked. */
export interface ExportLegSettings {
  capacity: number;
  exportTimeoutMillis: number;
  policy: OverflowPolicy;
  shutdownTimeoutMillis: number;
  maxConcurrentExports: number;
  maxExportSpans: number;
  settleOnJournal: boolean;
  passThrough: boolean;
}

/**
 * Reads a leg's options: the option, then `OTEL_BSP_MAX_QUEUE_SIZE` /
 * `OTEL_BSP_EXPORT_TIMEOUT`, then the defaults. An unusable combination is an
 * `InvalidConfigError` naming the leg.
 */
export function resolveExportLegSettings(options: ExportLegOptions): ExportLegSettings {
  const env = options.env ?? process.env;
  const leg = `leg ${options.name}`;
  const settings: ExportLegSettings = {
    capacity: readNumber(options.maxQueueSpans, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048, env, isPositive),
    exportTimeoutMillis: readNumber(options.exportTimeoutMillis, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000, env, isPositive),
    policy: options.whenFull ?? 'drop',
    shutdownTimeoutMillis: options.shutdownTimeoutMillis ?? Infinity,
    maxConcurrentExports: options.maxConcurrentExports ?? 1,
    maxExportSpans: options.maxExportSpans ?? 0,
    settleOnJournal: options.settleOnJournal === true && options.journal !== undefined,
    passThrough: options.passThrough ?? false,
  };
  if (!Number.isInteger(settings.maxConcurrentExports) || settings.maxConcurrentExports < 1) {
    throw new InvalidConfigError(`${leg}: maxConcurrentExports must be a whole number, 1 or more`);
  }
  if (!Number.isInteger(settings.maxExportSpans) || settings.maxExportSpans < 0) {
    throw new InvalidConfigError(`${leg}: maxExportSpans must be a whole number, 0 or more`);
  }
  if (!(settings.shutdownTimeoutMillis >= 0)) throw new InvalidConfigError(`${leg}: shutdownTimeoutMillis must be 0 or more`);
  if (!isPositive(settings.capacity) || !isPositive(settings.exportTimeoutMillis)) {
    throw new InvalidConfigError(`${leg}: maxQueueSpans and exportTimeoutMillis must be positive`);
  }
  if (settings.passThrough && options.journal) {
    throw new InvalidConfigError(`${leg}: passThrough has no queue to journal; it cannot have a journal`);
  }
  if (settings.policy !== 'drop' && settings.policy !== 'block') {
    throw new InvalidConfigError(`${leg}: whenFull must be "drop" or "block"`);
  }
  return settings;
}
