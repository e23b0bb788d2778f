import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const FLUSH_AT = 1 << 20;

/** A JSON Lines file written in ~1 MiB chunks; counts lines and bytes. */
export class LineFile {
  constructor(path) {
    mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.fd = openSync(path, 'w');
    this.parts = [];
    this.pending = 0;
    this.bytes = 0;
    this.lines = 0;
  }

  /** Writes one record as a line; returns its size in bytes (newline included). */
  write(record) {
    const text = `${JSON.stringify(record)}\n`;
    const size = Buffer.byteLength(text);
    this.parts.push(text);
    this.pending += size;
    this.bytes += size;
    this.lines += 1;
    if (this.pending >= FLUSH_AT) this.flush();
    return size;
  }

  flush() {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.pending = 0;
  }

  close() {
    this.flush();
    closeSync(this.fd);
  }
}
