/**
 * What a long run is doing, on one self-rewriting stderr line: shown only on
 * a terminal and only once the run has lasted over a second, cleared before
 * anything else is printed and when the run ends.
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const CLEAR_LINE = "\r\x1b[2K";

export class Progress {
  private label = "";
  private shown = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly started: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = () => performance.now(),
    private readonly delayMs = 1000,
  ) {
    this.started = now();
  }

  /** Names the current step (`validating 27,000 files`), with a count when known. */
  step(label: string, done?: number, total?: number): void {
    if (this.stream.isTTY !== true) return;
    this.label = total !== undefined ? `${label} (${done ?? 0}/${total})` : label;
    // Synchronous work blocks timers: each step also draws, once the delay has passed.
    this.draw();
    this.timer ??= setInterval(() => this.draw(), 250);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Removes the line (before other output; the next step or tick draws it again). */
  clear(): void {
    if (!this.shown) return;
    this.stream.write(CLEAR_LINE);
    this.shown = false;
  }

  /** Removes the line for good. */
  done(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.label = "";
    this.clear();
  }

  private draw(): void {
    const elapsed = this.now() - this.started;
    if (!this.label || elapsed < this.delayMs) return;
    this.stream.write(`${CLEAR_LINE}${this.label}... ${(elapsed / 1000).toFixed(1)}s`);
    this.shown = true;
  }
}

/** The run's progress line on stderr. */
export const progress = new Progress(process.stderr);
