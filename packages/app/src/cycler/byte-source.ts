import { CyclerParseError } from './cycler-parse-error.ts';

/**
 * Wraps the uploaded byte stream so that detection can look at the first bytes without losing
 * them, and so that progress can report how many bytes were pulled from the input so far.
 * Nothing here holds more than the peeked head unless `readAll` is asked for (binary containers).
 */
export class ByteSource {
  #iterator: AsyncIterator<Buffer | Uint8Array | string>;
  #peeked: Buffer[] = [];
  #done = false;
  #bytesRead = 0;
  #endedWithoutError = false;

  constructor(input: AsyncIterable<Buffer | Uint8Array | string>) {
    this.#iterator = input[Symbol.asyncIterator]();
  }

  /** Bytes pulled from the input so far. */
  get bytesRead(): number {
    return this.#bytesRead;
  }

  /** True once the input has been read to its end. */
  get ended(): boolean {
    return this.#endedWithoutError;
  }

  /** The first `minBytes` bytes (fewer if the input is shorter); they stay available to `chunks`. */
  async head(minBytes: number): Promise<Buffer> {
    let size = this.#peeked.reduce((n, b) => n + b.length, 0);
    while (size < minBytes) {
      const chunk = await this.#pull();
      if (chunk === null) break;
      this.#peeked.push(chunk);
      size += chunk.length;
    }
    return Buffer.concat(this.#peeked);
  }

  /** Every remaining chunk, starting with the peeked ones. */
  async *chunks(): AsyncGenerator<Buffer> {
    try {
      while (this.#peeked.length > 0) {
        const chunk = this.#peeked.shift();
        if (chunk !== undefined) yield chunk;
      }
      for (;;) {
        const chunk = await this.#pull();
        if (chunk === null) return;
        yield chunk;
      }
    } finally {
      // A consumer that stops early (an error, a `break`) releases the upload stream too.
      if (!this.#done) {
        this.#done = true;
        await this.#iterator.return?.();
      }
    }
  }

  /**
   * The whole input, for container formats that cannot be read front to back (.mpr, .xls).
   * Refuses past `limit` bytes so that an upload cannot make the server buffer without bound.
   */
  async readAll(limit: number, what: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.chunks()) {
      size += chunk.length;
      if (size > limit) {
        throw new CyclerParseError(
          `This ${what} file is larger than ${Math.round(limit / 2 ** 20)} MiB, the most we read for this format. ` +
            'Export it as text (CSV) instead, which has no size limit.',
          { reason: 'too-large' },
        );
      }
      parts.push(chunk);
    }
    return Buffer.concat(parts, size);
  }

  async #pull(): Promise<Buffer | null> {
    if (this.#done) return null;
    const next = await this.#iterator.next();
    if (next.done === true) {
      this.#done = true;
      this.#endedWithoutError = true;
      return null;
    }
    const value = next.value;
    const chunk =
      typeof value === 'string'
        ? Buffer.from(value, 'utf8')
        : Buffer.isBuffer(value)
          ? value
          : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    this.#bytesRead += chunk.length;
    return chunk;
  }
}
