import { CyclerParseError } from '../cycler-parse-error.ts';
import type { ZipArchive } from '../zip/zip-archive.ts';
import { parseXml } from './xml-reader.ts';

/** The largest shared-string table we hold (cycler exports have a few dozen strings). */
const MAX_SHARED_STRINGS_BYTES = 64 * 2 ** 20;
/** Small XML parts (workbook, relationships). */
const MAX_PART_BYTES = 4 * 2 ** 20;
/** Excel's own limit for one cell's text. */
export const MAX_CELL_CHARS = 32_767;

export interface XlsxSheet {
  name: string;
  /** Its part in the archive, e.g. "xl/worksheets/sheet2.xml". */
  part: string;
}

export interface XlsxWorkbook {
  archive: ZipArchive;
  sheets: XlsxSheet[];
  strings: string[];
}

/**
 * Reads what a workbook's rows need before streaming them: the sheet list (workbook.xml and its
 * relationships) and the shared-string table, which Excel writes after the sheets in the archive,
 * hence random access by the ZIP directory rather than a front-to-back read.
 */
export async function readXlsxWorkbook(archive: ZipArchive): Promise<XlsxWorkbook> {
  const what = archive.what;
  if (!archive.has('xl/workbook.xml'))
    throw new CyclerParseError(`${what} is a ZIP archive but not an Excel workbook (no xl/workbook.xml).`, {
      reason: 'unrecognised-format',
    });
  const declared: { name: string; id: string }[] = [];
  await parseXml(
    await archive.read('xl/workbook.xml', MAX_PART_BYTES),
    {
      open: (tag) => {
        if (tag.name === 'sheet')
          declared.push({ name: tag.attributes.name ?? '', id: tag.attributes['r:id'] ?? '' });
      },
      close: () => undefined,
      text: () => undefined,
    },
    `${what} (xl/workbook.xml)`,
  );
  const targets = new Map<string, string>();
  if (archive.has('xl/_rels/workbook.xml.rels'))
    await parseXml(
      await archive.read('xl/_rels/workbook.xml.rels', MAX_PART_BYTES),
      {
        open: (tag) => {
          if (tag.name === 'Relationship') targets.set(tag.attributes.Id ?? '', tag.attributes.Target ?? '');
        },
        close: () => undefined,
        text: () => undefined,
      },
      `${what} (relationships)`,
    );
  const sheets = declared.flatMap(({ name, id }) => {
    const target = targets.get(id);
    if (target === undefined) return [];
    const part = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    return archive.has(part) ? [{ name, part }] : [];
  });
  return { archive, sheets, strings: await sharedStrings(archive) };
}

/** The shared strings in order; a rich-text string's runs are joined. */
async function sharedStrings(archive: ZipArchive): Promise<string[]> {
  const part = 'xl/sharedStrings.xml';
  if (!archive.has(part)) return [];
  const strings: string[] = [];
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  await parseXml(
    await archive.read(part, MAX_SHARED_STRINGS_BYTES),
    {
      open: (tag) => {
        if (tag.name === 'si') current = '';
        else if (tag.name === 'rPh') phonetic += 1;
        else if (tag.name === 't' && phonetic === 0) inText = true;
      },
      close: (name) => {
        if (name === 'si') {
          strings.push(current ?? '');
          current = null;
        } else if (name === 'rPh') phonetic -= 1;
        else if (name === 't') inText = false;
      },
      text: (text) => {
        if (inText && current !== null && current.length < MAX_CELL_CHARS) current += text;
      },
    },
    `${archive.what} (shared strings)`,
  );
  return strings;
}
