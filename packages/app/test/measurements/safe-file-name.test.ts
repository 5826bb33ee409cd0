import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attachmentHeader, safeFileName } from '../../src/imports/safe-file-name.ts';

describe('file names of uploads and downloads', () => {
  test('keep the base name only, without what could break a header or a path', () => {
    assert.equal(safeFileName('../../etc/passwd'), 'passwd');
    assert.equal(safeFileName('C:\\Users\\lab\\cell 7.mpr'), 'cell 7.mpr');
    assert.equal(safeFileName('a"b\\c.csv'), 'c.csv');
    assert.equal(safeFileName('run\r\nSet-Cookie: x=1.csv'), 'runSet-Cookie: x=1.csv');
    assert.equal(safeFileName('say "hi".csv'), 'say hi.csv');
    assert.equal(safeFileName('.hidden'), 'hidden');
    assert.equal(safeFileName('\u202eexe.csv'), 'exe.csv', 'no bidirectional overrides');
    assert.equal(safeFileName(''), 'cycler-data');
    assert.equal(safeFileName(undefined), 'cycler-data');
    assert.equal(safeFileName('x'.repeat(500)).length, 200);
  });

  test('Content-Disposition has an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 8187)', () => {
    assert.equal(
      attachmentHeader('Zellé (1).csv'),
      `attachment; filename="Zell_ (1).csv"; filename*=UTF-8''Zell%C3%A9%20%281%29.csv`,
    );
    assert.doesNotMatch(attachmentHeader('a\r\nb'), /[\r\n]/);
  });
});
