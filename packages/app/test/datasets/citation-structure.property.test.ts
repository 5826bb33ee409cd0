/**
 * Issue 26: no title, description, name or affiliation — any Unicode at all — can break the
 * structure of a citation file. Each format is parsed back by a reader that knows only the
 * format (XML: a conforming parser; BibTeX: brace matching and unescaping; RIS: its line
 * grammar), and what comes back is what went in (modulo the documented folding: line breaks
 * in one-line formats, characters XML 1.0 cannot carry).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type DatasetRecord,
  personName,
  toBibtex,
  toCslJson,
  toDataciteXml,
  toRis,
  toSchemaOrgDataset,
} from '../../src/datasets/citation/index.ts';
import { xmlSafe } from '../../src/datasets/citation/xml-text.ts';
import { childNamed, childrenNamed, parseXml } from './support/xml-tree.ts';
import { workedExample } from './support/worked-example.ts';

/** Any Unicode, with the characters that matter to these formats made likely. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(...'{}\\$&%#_^~<>"\'; -,\r\n\t\u0000\u0008\u2028é中🔋 and ER  - TY'.split('')),
    minLength: 1,
    maxLength: 30,
  }),
);
/** Names: something visible, so a creator exists (the form and API require a name). */
const name = nasty.filter((s) => s.trim() !== '' && !s.trim().startsWith(','));

const recordOf = (
  title: string,
  description: string,
  names: string[],
  affiliation: string,
): DatasetRecord => {
  const r = workedExample();
  r.title = title;
  r.description = description;
  r.citation = {
    ...r.citation,
    creators: names.map((n) => ({ name: n.trim(), orcid: null, affiliation })),
  };
  return r;
};
const records = fc
  .tuple(nasty, nasty, fc.array(name, { minLength: 1, maxLength: 4 }), nasty)
  .map(([t, d, n, a]) => recordOf(t, d, n, a));

/** BibTeX read back: the entry's fields by brace matching (an escaped brace does not count). */
function parseBibtex(text: string): Map<string, string> {
  const head = /^@misc\{([^,]+),\n/.exec(text);
  assert.ok(head, 'entry head');
  const fields = new Map<string, string>();
  let i = head[0].length;
  while (i < text.length && text[i] !== '}') {
    const field = /^ {2}(\w+) = \{/.exec(text.slice(i));
    assert.ok(field, `field at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
    i += field[0].length;
    let depth = 1;
    const start = i;
    for (; depth > 0; i++) {
      assert.ok(i < text.length, 'unbalanced braces');
      if (text[i] === '\\') i++;
      else if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
    }
    fields.set(field[1]!, text.slice(start, i - 1));
    assert.ok(text.startsWith(',\n', i) || text.startsWith('\n}', i), 'field separator');
    if (text[i] === ',') i += 2;
    else i += 1;
  }
  assert.equal(text.slice(i), '}\n', 'entry end');
  return fields;
}

const UNESCAPE: Record<string, string> = {
  '\\textbackslash{}': '\\',
  '\\textasciicircum{}': '^',
  '\\textasciitilde{}': '~',
};
const unescapeBibtex = (value: string) =>
  value.replace(
    /\\text(?:backslash|asciicircum|asciitilde)\{\}|\\([{}$&%#_])/g,
    (m, c?: string) => c ?? UNESCAPE[m]!,
  );
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

describe('citation files keep their structure whatever the text (property)', () => {
  test('DataCite XML parses, and title, creators, affiliation and description read back', () => {
    fc.assert(
      fc.property(records, (r) => {
        const root = parseXml(toDataciteXml(r));
        assert.equal(root.name, 'resource');
        assert.equal(root.uri, 'http://datacite.org/schema/kernel-4');
        const title = childNamed(childNamed(root, 'titles')!, 'title')!;
        assert.equal(title.text, xmlSafe(r.title));
        const creators = childrenNamed(childNamed(root, 'creators')!, 'creator');
        assert.equal(creators.length, r.citation.creators.length);
        creators.forEach((c, i) => {
          const { family } = personName(r.citation.creators[i]!.name);
          assert.equal(childNamed(c, 'familyName')!.text, xmlSafe(family));
          if (r.citation.creators[i]!.affiliation)
            assert.equal(childNamed(c, 'affiliation')!.text, xmlSafe(r.citation.creators[i]!.affiliation));
        });
        if (r.description.trim())
          assert.equal(
            childNamed(childNamed(root, 'descriptions')!, 'description')!.text,
            xmlSafe(r.description),
          );
      }),
      { numRuns: 300 },
    );
  });

  test('BibTeX braces balance, and title and authors unescape to what went in', () => {
    fc.assert(
      fc.property(records, (r) => {
        const fields = parseBibtex(toBibtex(r));
        const title = fields.get('title')!;
        assert.ok(title.startsWith('{') && title.endsWith('}'));
        assert.equal(unescapeBibtex(title.slice(1, -1)), oneLine(r.title));
        // Authors split on " and " at brace depth 0 only: as many as there are creators.
        const authors = fields.get('author')!;
        let depth = 0;
        let count = 1;
        for (let i = 0; i < authors.length; i++) {
          if (authors[i] === '\\') i++;
          else if (authors[i] === '{') depth++;
          else if (authors[i] === '}') depth--;
          else if (depth === 0 && authors.startsWith(' and ', i)) count++;
        }
        assert.equal(count, r.citation.creators.length);
      }),
      { numRuns: 300 },
    );
  });

  test('RIS is one tag a line from TY to ER, and the title reads back on one line', () => {
    fc.assert(
      fc.property(records, (r) => {
        const text = toRis(r);
        assert.ok(text.endsWith('ER  - \r\n'));
        const lines = text.slice(0, -2).split('\r\n');
        for (const line of lines) assert.match(line, /^[A-Z][A-Z0-9] {2}- /, JSON.stringify(line));
        assert.equal(lines[0], 'TY  - DATA');
        assert.equal(lines.filter((l) => l.startsWith('ER  - ')).length, 1);
        assert.equal(lines.filter((l) => l.startsWith('AU  - ')).length, r.citation.creators.length);
        const title = lines.find((l) => l.startsWith('TI  - '))!.slice(6);
        assert.equal(title, r.title.replace(/[\r\n\u2028\u2029]+/g, ' ').trim());
      }),
      { numRuns: 300 },
    );
  });

  test('CSL-JSON and JSON-LD survive a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(records, (r) => {
        for (const value of [toCslJson(r), toSchemaOrgDataset(r)])
          assert.deepEqual(JSON.parse(JSON.stringify(value)), value);
        assert.equal(toCslJson(r).title, r.title);
      }),
      { numRuns: 100 },
    );
  });
});
