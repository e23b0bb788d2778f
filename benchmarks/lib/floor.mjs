import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * The naive floor of a conversion: read every line of every file, JSON.parse
 * it, JSON.stringify a small result for it and write that out. No formats,
 * no state, no spans: the least work any converter of these files must do.
 * Written the straightforward way (readline, one write per line, honouring
 * backpressure).
 */
export async function naiveConvert(files, outFile) {
  const out = createWriteStream(outFile);
  let lines = 0;
  for (const file of files) {
    const reader = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const line of reader) {
      if (line === '') continue;
      const record = JSON.parse(line);
      lines++;
      const result = { file, line: lines, type: record.type, time: record.timestamp ?? record.payload?.timestamp, bytes: line.length };
      if (!out.write(`${JSON.stringify(result)}\n`)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  return { lines };
}
