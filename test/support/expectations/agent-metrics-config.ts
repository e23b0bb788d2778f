import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { COLLECTOR_CONFIG } from '../backends/backends.js';

/**
 * The Prometheus metric names and labels collector-config/agent-otel-metrics.yaml
 * produces, derived from the configuration itself: the span_metrics connector's
 * namespace and dimensions, and every signal_to_metrics span metric with its
 * attributes. Names follow the Prometheus exporter's translation (`.` -> `_`,
 * `_total` on counters, the unit `ms` as `_milliseconds`, units in braces left out).
 */

export const METRICS_CONFIG_FILE = join(COLLECTOR_CONFIG, 'agent-otel-metrics.yaml');

interface MetricsConfig {
  connectors: {
    span_metrics: { namespace: string; dimensions: Array<{ name: string }>; exclude_dimensions?: string[]; histogram: { unit: string } };
    signal_to_metrics: { spans: Array<{ name: string; unit?: string; attributes?: Array<{ key: string }>; include_resource_attributes?: Array<{ key: string }> }> };
  };
}

const promName = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');

/** Metric name -> its label names (`job` included: the exporter's copy of service.name). */
export function configuredMetrics(file = METRICS_CONFIG_FILE): Map<string, Set<string>> {
  const config = load(readFileSync(file, 'utf8')) as MetricsConfig;
  const metrics = new Map<string, Set<string>>();
  const spanMetrics = config.connectors.span_metrics;
  const excluded = new Set(spanMetrics.exclude_dimensions ?? []);
  const defaults = ['service.name', 'span.name', 'span.kind', 'status.code', 'collector.instance.id'].filter((d) => !excluded.has(d));
  const spanLabels = ['job', ...[...defaults, ...spanMetrics.dimensions.map((d) => d.name)].map(promName)];
  if (spanMetrics.histogram.unit !== 'ms') throw new Error(`span_metrics histogram unit ${spanMetrics.histogram.unit}: only ms is mapped here`);
  const ns = promName(spanMetrics.namespace);
  metrics.set(`${ns}_calls_total`, new Set(spanLabels));
  for (const suffix of ['sum', 'count']) metrics.set(`${ns}_duration_milliseconds_${suffix}`, new Set(spanLabels));
  metrics.set(`${ns}_duration_milliseconds_bucket`, new Set([...spanLabels, 'le']));
  for (const metric of config.connectors.signal_to_metrics.spans) {
    const unit = metric.unit === undefined || metric.unit.startsWith('{') ? '' : `_${promName(metric.unit)}`;
    const labels = ['job', ...[...(metric.include_resource_attributes ?? []), ...(metric.attributes ?? [])].map((a) => promName(a.key))];
    metrics.set(`${promName(metric.name)}${unit}_total`, new Set(labels));
  }
  return metrics;
}
