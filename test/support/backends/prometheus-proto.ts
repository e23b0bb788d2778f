import protobuf from 'protobufjs';

/**
 * The Prometheus protobuf exposition (io.prometheus.client.MetricFamily,
 * length-delimited), read only for what the text format does not carry: the
 * created timestamp of each counter and histogram series. The schema is the
 * subset of prometheus/client_model's metrics.proto these fields need.
 */
const root = protobuf.parse(`
syntax = "proto2";
package agent_otel.test.prometheus;
message Timestamp { optional int64 seconds = 1; optional int32 nanos = 2; }
message LabelPair { optional string name = 1; optional string value = 2; }
message Counter { optional double value = 1; optional Timestamp created_timestamp = 3; }
message Histogram { optional uint64 sample_count = 1; optional Timestamp created_timestamp = 15; }
message Metric { repeated LabelPair label = 1; optional Counter counter = 3; optional Histogram histogram = 7; }
message MetricFamily { optional string name = 1; optional int32 type = 3; repeated Metric metric = 4; }
`).root;
const MetricFamily = root.lookupType('agent_otel.test.prometheus.MetricFamily');

const ACCEPT = 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited';

export interface CreatedSeries {
  family: string;
  labels: Record<string, string>;
  /** Milliseconds since the epoch; undefined when the series has none. */
  createdMs: number | undefined;
}

interface DecodedMetric {
  label?: Array<{ name: string; value: string }>;
  counter?: { createdTimestamp?: { seconds: string; nanos?: number } };
  histogram?: { createdTimestamp?: { seconds: string; nanos?: number } };
}

/** Every counter and histogram series of the endpoint, with its created timestamp. */
export async function scrapeCreated(url: string): Promise<CreatedSeries[]> {
  const response = await fetch(url, { headers: { accept: ACCEPT }, signal: AbortSignal.timeout(5000) });
  const body = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  if (!(response.headers.get('content-type') ?? '').startsWith('application/vnd.google.protobuf')) {
    throw new Error(`GET ${url}: answered ${response.headers.get('content-type')}, not the protobuf format`);
  }
  const reader = protobuf.Reader.create(body);
  const series: CreatedSeries[] = [];
  while (reader.pos < reader.len) {
    const family = MetricFamily.toObject(MetricFamily.decodeDelimited(reader), { longs: String }) as { name: string; metric?: DecodedMetric[] };
    for (const metric of family.metric ?? []) {
      const created = (metric.counter ?? metric.histogram)?.createdTimestamp;
      series.push({
        family: family.name,
        labels: Object.fromEntries((metric.label ?? []).map((l) => [l.name, l.value])),
        createdMs: created ? Number(created.seconds) * 1000 + (created.nanos ?? 0) / 1e6 : undefined,
      });
    }
  }
  return series;
}
