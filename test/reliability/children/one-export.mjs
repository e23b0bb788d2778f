// Exports one span to <url> through the built package's OTLP exporter and ends
// without waiting for the answer:
//   node one-export.mjs <url> <timeoutMillis> keep|unref
// With `keep` the request in flight keeps the process alive (up to the
// timeout); with `unref` it does not. Prints `exported` once the span is handed over.
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createOtlpTraceExporter } from 'agent-otel';

const [url, timeoutMillis, mode] = process.argv.slice(2);
const exporter = createOtlpTraceExporter({ url, timeoutMillis: Number(timeoutMillis), keepProcessAlive: mode === 'keep' });
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.getTracer('one-export').startSpan('one').end();
console.log('exported');
