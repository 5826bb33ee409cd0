import { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { CyclerParseError } from '../cycler-parse-error.ts';

/** What a SAX consumer sees: element starts and ends, and text inside the current element. */
export interface XmlHandlers {
  open(tag: SaxesTagPlain): void;
  close(name: string): void;
  text(text: string): void;
}

/**
 * Parses an XML part of a workbook as a stream (saxes: a maintained, non-validating SAX parser
 * that never fetches or expands external entities). A document type declaration is refused
 * outright: OOXML parts never have one, and an internal subset is how "billion laughs" entity
 * bombs are built. `after` runs after every chunk, so the caller can hand finished rows on
 * while the part is still being inflated.
 */
export async function* readXml<T>(
  source: Readable,
  handlers: XmlHandlers,
  drain: () => T[],
  what: string,
): AsyncGenerator<T[]> {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('doctype', () => {
    failure ??= new CyclerParseError(
      `${what} declares a document type; workbook parts never do, and we refuse it (entity expansion).`,
      { reason: 'unsafe-container' },
    );
  });
  parser.on('opentag', (tag) => handlers.open(tag));
  parser.on('closetag', (tag) => handlers.close(tag.name));
  parser.on('text', (text) => handlers.text(text));
  parser.on('cdata', (text) => handlers.text(text));

  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    parser.write(decoder.decode(chunk as Buffer, { stream: true }));
    if (failure !== null) throw wrap(failure, what);
    const values = drain();
    if (values.length > 0) yield values;
  }
  parser.write(decoder.decode());
  parser.close();
  if (failure !== null) throw wrap(failure, what);
  const rest = drain();
  if (rest.length > 0) yield rest;
}

function wrap(error: Error, what: string): CyclerParseError {
  if (error instanceof CyclerParseError) return error;
  return new CyclerParseError(`${what} is not well-formed XML (${error.message}); the workbook is damaged.`, {
    reason: 'damaged-container',
  });
}

/** Parses a whole (small) XML part held in memory. */
export async function parseXml(bytes: Buffer, handlers: XmlHandlers, what: string): Promise<void> {
  for await (const batch of readXml(Readable.from([bytes]), handlers, () => [], what)) void batch;
}
