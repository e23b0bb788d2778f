import { z } from 'zod';

/**
 * Loose zod schemas of OTLP TracesData as plain objects: OTLP/JSON (hex ids,
 * string or number nanos, base64 bytes) and protobufjs toObject output (ids
 * and bytes as Uint8Array, 64-bit numbers as strings) both fit.
 */
const Bytes = z.union([z.string(), z.instanceof(Uint8Array)]);
const Int64 = z.union([z.string(), z.number(), z.bigint()]);

export interface AnyValue {
  stringValue?: string | undefined;
  boolValue?: boolean | undefined;
  intValue?: string | number | bigint | undefined;
  doubleValue?: string | number | undefined;
  arrayValue?: { values?: AnyValue[] | undefined } | undefined;
  kvlistValue?: { values?: KeyValue[] | undefined } | undefined;
  bytesValue?: string | Uint8Array | undefined;
}
export interface KeyValue {
  key: string;
  value?: AnyValue | undefined;
}

export const AnyValue: z.ZodType<AnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: Int64.optional(),
    doubleValue: z.union([z.number(), z.string()]).optional(),
    arrayValue: z.object({ values: z.array(AnyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(KeyValue).optional() }).optional(),
    bytesValue: Bytes.optional(),
  }),
);
export const KeyValue: z.ZodType<KeyValue> = z.lazy(() => z.object({ key: z.string(), value: AnyValue.optional() }));

const KeyValues = z.array(KeyValue).optional();
const Count = z.number().int().nonnegative().optional();

export const Span = z.object({
  traceId: Bytes,
  spanId: Bytes,
  traceState: z.string().optional(),
  parentSpanId: Bytes.optional(),
  flags: z.number().optional(),
  name: z.string().optional(),
  kind: z.number().int().optional(),
  startTimeUnixNano: Int64.optional(),
  endTimeUnixNano: Int64.optional(),
  attributes: KeyValues,
  droppedAttributesCount: Count,
  events: z
    .array(z.object({ timeUnixNano: Int64.optional(), name: z.string().optional(), attributes: KeyValues, droppedAttributesCount: Count }))
    .optional(),
  droppedEventsCount: Count,
  links: z
    .array(
      z.object({
        traceId: Bytes,
        spanId: Bytes,
        traceState: z.string().optional(),
        attributes: KeyValues,
        droppedAttributesCount: Count,
        flags: z.number().optional(),
      }),
    )
    .optional(),
  droppedLinksCount: Count,
  status: z.object({ code: z.number().int().optional(), message: z.string().optional() }).optional(),
});
export type Span = z.infer<typeof Span>;

export const TracesData = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes: KeyValues, droppedAttributesCount: Count }).optional(),
        scopeSpans: z
          .array(
            z.object({
              scope: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
              spans: z.array(Span).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});
export type TracesData = z.infer<typeof TracesData>;
