/**
 * Progress of a long run on stderr, at most once a second: the table, its rows so far and the
 * rate over the whole run (rows/s), then one summary line.
 */
export function progressReporter(verb: string, write: (line: string) => void, intervalMs = 1000) {
  const started = Date.now();
  let lastLine = started;
  let total = 0;
  const rate = () => Math.round(total / Math.max((Date.now() - started) / 1000, 0.001));
  return {
    rows(table: string, tableRows: number, added: number): void {
      total += added;
      const now = Date.now();
      if (now - lastLine < intervalMs) return;
      lastLine = now;
      write(
        `${verb}: ${table}: ${tableRows.toLocaleString('en')} rows (${rate().toLocaleString('en')} rows/s)`,
      );
    },
    done(): string {
      const seconds = (Date.now() - started) / 1000;
      return `${verb}: ${total.toLocaleString('en')} rows in ${seconds.toFixed(1)} s (${rate().toLocaleString('en')} rows/s)`;
    },
  };
}

export type Progress = ReturnType<typeof progressReporter>;
