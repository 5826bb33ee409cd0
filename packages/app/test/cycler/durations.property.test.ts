/**
 * The one time parser (tabular/duration.ts): every form vendors write, and format → parse
 * round-trips for any duration, in both the "Nd hh:mm:ss.fff" and the "hours past 24" styles.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDuration, parseDateTimeMs, parseDuration } from '../../src/cycler/tabular/duration.ts';

describe('durations as cyclers write them', () => {
  it('reads each vendor form', () => {
    const cases: [string, number][] = [
      ['12.5', 12.5], // plain seconds (Arbin, BDF)
      ['144:02:18', 144 * 3600 + 2 * 60 + 18], // Neware: hours past 24
      ['00:00:10.500', 10.5], // PEC hh:mm:ss.xxx
      ['0:00:10,500', 10.5], // decimal comma
      ['  0d 00:00:5.05000019073486', 5.05000019073486], // Maccor S4000, unpadded seconds
      ['1d 02:18:47.41', 86400 + 2 * 3600 + 18 * 60 + 47.41],
      ['2d 00:31:36.2', 2 * 86400 + 31 * 60 + 36.2],
      ['1-02:03:04', 86400 + 2 * 3600 + 3 * 60 + 4],
    ];
    for (const [text, seconds] of cases) {
      const parsed = parseDuration(text);
      assert.ok(parsed !== undefined && Math.abs(parsed - seconds) < 1e-9, `${text} → ${parsed}`);
    }
    for (const bad of ['', 'abc', '12:3', '1d', '10:61:00x'])
      assert.equal(parseDuration(bad), undefined, bad);
  });

  it('reads absolute date-times (ISO, US with ms, AM/PM, Excel serial) to the millisecond', () => {
    const base = Date.UTC(2024, 10, 20, 11, 38, 41, 707);
    assert.equal(parseDateTimeMs('11/20/2024 11:38:41.707'), base); // BioLogic time/s
    assert.equal(parseDateTimeMs('2024-11-20 11:38:41.707'), base);
    assert.equal(parseDateTimeMs('2024-11-20T11:38:41.707'), base);
    assert.equal(parseDateTimeMs('11/20/2024 11:38:41 PM'), Date.UTC(2024, 10, 20, 23, 38, 41));
    assert.equal(parseDateTimeMs('11/20/2024 12:00:00 AM'), Date.UTC(2024, 10, 20, 0, 0, 0));
    assert.equal(parseDateTimeMs('45616.5'), Date.UTC(2024, 10, 20, 12, 0, 0));
    for (const bad of ['', '13/40/2024 10:00:00', 'yesterday', '2024-11-20 25:00:00'])
      assert.equal(parseDateTimeMs(bad), undefined, bad);
  });

  it('format then parse gives the duration back (days or hours past 24, to the millisecond)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 86400 * 1000 }),
        fc.constantFrom('days' as const, 'hours' as const),
        (ms, style) => {
          const seconds = ms / 1000;
          const text = formatDuration(seconds, style);
          const parsed = parseDuration(text);
          assert.ok(parsed !== undefined, text);
          assert.ok(Math.abs(parsed - seconds) < 5e-4, `${seconds} → ${text} → ${parsed}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a date-time written back in either layout parses to the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }), (ms) => {
        const d = new Date(ms);
        const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
        const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
        const iso = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${time}`;
        const us = `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${time}`;
        assert.equal(parseDateTimeMs(iso), ms);
        assert.equal(parseDateTimeMs(us), ms);
      }),
      { numRuns: 1000 },
    );
  });
});
