import { CyclerParseError } from '../cycler-parse-error.ts';

/**
 * Reads the first lines of a text stream one by one (the vendor preamble and the column names),
 * then hands the untouched remainder on, so the data rows can go to the CSV parser as a stream.
 */
export class LineReader {
  readonly #iterator: AsyncIterator<string>;
  #buffer = '';
  #done = false;
  /** Lines returned by `readLine` so far. */
  linesRead = 0;

  constructor(text: AsyncIterable<string>) {
    this.#iterator = text[Symbol.asyncIterator]();
  }

  /**
   * The next line without its line break (CRLF or LF), or null at the end of the text.
   * Past `maxLength` characters without a line break it stops with a located error: a "line"
   * that long is not a header (a 200 MB file on one line must not read as "empty").
   */
  async readLine(maxLength = 1 << 20): Promise<string | null> {
    for (;;) {
      const newline = this.#buffer.indexOf('\n');
      if (newline >= 0) {
        const line = this.#buffer.slice(0, newline);
        this.#buffer = this.#buffer.slice(newline + 1);
        this.linesRead += 1;
        return line.endsWith('\r') ? line.slice(0, -1) : line;
      }
      if (this.#buffer.length > maxLength) throw lineTooLong(this.linesRead + 1, maxLength);
      if (this.#done) {
        if (this.#buffer.length === 0) return null;
        const line = this.#buffer;
        this.#buffer = '';
        this.linesRead += 1;
        return line;
      }
      const next = await this.#iterator.next();
      if (next.done === true) this.#done = true;
      else this.#buffer += next.value;
    }
  }

  /** Everything not yet returned by `readLine`, as a stream of text chunks. */
  async *rest(): AsyncGenerator<string> {
    if (this.#buffer.length > 0) {
      const buffered = this.#buffer;
      this.#buffer = '';
      yield buffered;
    }
    try {
      while (!this.#done) {
        const next = await this.#iterator.next();
        if (next.done === true) this.#done = true;
        else yield next.value;
      }
    } finally {
      // Stopped early (an error downstream, a consumer's `break`): close the source too.
      if (!this.#done) {
        this.#done = true;
        await this.#iterator.return?.();
      }
    }
  }
}

function lineTooLong(line: number, maxLength: number): CyclerParseError {
  return new CyclerParseError(
    `Line ${line} runs past ${Math.round(maxLength / 1024).toLocaleString('en')} K characters without a line break, ` +
      'so this is not a line-by-line text export: is it a binary file, or one whose lines end in a bare CR ' +
      '(old Mac line endings)? Export it again as CSV or tab-separated text.',
    { reason: 'line-too-long', line },
  );
}
