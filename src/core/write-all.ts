import { writeSync } from 'node:fs';

/** Writes every part to `fd`, in order, however many calls each takes (a write may take only part of what it is given). */
export function writeAll(fd: number, parts: readonly Uint8Array[]): void {
  for (const part of parts) {
    for (let offset = 0; offset < part.length; ) offset += writeSync(fd, part, offset, part.length - offset);
  }
}
