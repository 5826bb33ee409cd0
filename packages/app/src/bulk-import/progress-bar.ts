/**
 * A one-line progress bar on a stream (standard error, so standard output stays the summary):
 * redrawn in place on a terminal, one line per 5 % otherwise (logs stay short).
 */
export class ProgressBar {
  private lastPercent = -1;
  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly total: number,
  ) {}

  update(done: number, note: string): void {
    const percent = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${note}`;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${line.slice(0, 200)}`);
    else if (percent >= this.lastPercent + 5 || done === this.total) {
      this.lastPercent = percent;
      this.stream.write(`${line}\n`);
    }
  }

  end(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
