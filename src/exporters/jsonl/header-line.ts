import { randomUUID } from 'node:crypto';
import { ATTR_FILE_CREATED, ATTR_FILE_ID } from './attribute-keys.js';

/**
 * The first line of every file the exporter starts in directory mode.
 *
 * The Collector's `otlpjsonfile` receiver recognises a file by its first
 * `fingerprint_size` bytes (1000 by default). Two files that begin with the
 * same spans would look like one file and the second would be skipped, so each
 * file starts with a line that is unique: a valid `TracesData` holding one
 * resource with a random file id and no spans. Readers skip it without special
 * handling because it contains no spans.
 *
 * Built here rather than by the otlp-transformer serializer, which only takes
 * spans; the object below follows the OTLP/JSON encoding of `TracesData`.
 */
export function headerLine(fileId: string = randomUUID(), created: Date = new Date()): Buffer {
  const tracesData = {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: ATTR_FILE_ID, value: { stringValue: fileId } },
            { key: ATTR_FILE_CREATED, value: { stringValue: created.toISOString() } },
          ],
          droppedAttributesCount: 0,
        },
        scopeSpans: [],
      },
    ],
  };
  return Buffer.from(`${JSON.stringify(tracesData)}\n`, 'utf8');
}
