/** A one-line progress bar on a terminal's stderr; silent when the stream is not a TTY. */
export interface ProgressStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressState {
  doneBytes: number;
  totalBytes: number;
  spans: number;
  requests: number;
}

const WIDTH = 24;
const INTERVAL_MS = 100;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function renderProgress(state: ProgressState, width = WIDTH): string {
  const ratio = state.totalBytes > 0 ? Math.min(1, state.doneBytes / state.totalBytes) : 1;
  const filled = Math.round(ratio * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  const percent = `${Math.floor(ratio * 100)}`.padStart(3);
  return `replay [${bar}] ${percent}% ${megabytes(state.doneBytes)}/${megabytes(state.totalBytes)} ${state.spans} spans ${state.requests} requests`;
}

export class ProgressBar {
  private last = 0;
  private shown = false;
  private readonly enabled: boolean;

  constructor(private readonly stream: ProgressStream | undefined) {
    this.enabled = stream?.isTTY === true;
  }

  update(state: ProgressState, force = false): void {
    if (!this.enabled || !this.stream) return;
    const now = Date.now();
    if (!force && now - this.last < INTERVAL_MS) return;
    this.last = now;
    this.shown = true;
    this.stream.write(`\r\x1b[2K${renderProgress(state)}`);
  }

  /** Removes the bar so the summary or a warning starts on a clean line. */
  clear(): void {
    if (!this.shown || !this.stream) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
