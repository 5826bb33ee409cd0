import { CyclerParseError, locate } from '../cycler-parse-error.ts';
import type { Row } from './cell-reader.ts';
import type { Column } from './header-columns.ts';

/**
 * The one parser of times as cyclers write them. Every vendor form goes through here:
 *
 * - plain seconds ("12.5"); minutes or hours are plain numbers scaled by their column's unit
 *   (Maccor MIMS "TestTime" counts minutes, Novonix "Run Time (h)" hours);
 * - "144:02:18" (Neware; hours run past 24), "00:00:10.500" (PEC hh:mm:ss.xxx, Neware BTS);
 * - "0d 00:00:5.05" (Maccor S4000 "TestTime": days, then h:m:s, seconds not always padded)
 *   and "1-02:03:04" (days-h:m:s);
 * - absolute date-times in a time column ("2025-07-19 15:26:20", "11/20/2024 11:38:41.707",
 *   an Excel serial date), read by `parseDateTimeMs`; test time is then measured from the first row.
 */
const DURATION = /^(?:(\d+)\s*d\s*|(\d+)-)?(\d+):(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$/i;

/** Seconds in a duration ("Nd hh:mm:ss.fff", "hh:mm:ss" past 24 h, plain seconds), else undefined. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const match = DURATION.exec(trimmed);
  if (match !== null) {
    const [, dayWord, dayDash, hours = '0', minutes = '0', seconds = '0'] = match;
    const days = Number(dayWord ?? dayDash ?? 0);
    return days * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds.replace(',', '.'));
  }
  if (trimmed === '') return undefined;
  const plain = Number(trimmed);
  return Number.isFinite(plain) ? plain : undefined;
}

/** Seconds as "Nd hh:mm:ss.fff" (days only when there are some): the inverse of parseDuration. */
export function formatDuration(seconds: number, style: 'days' | 'hours' = 'days'): string {
  const whole = Math.floor(seconds);
  const fraction = seconds - whole;
  const days = style === 'days' ? Math.floor(whole / 86400) : 0;
  const rest = whole - days * 86400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const frac = fraction > 0 ? fraction.toFixed(3).slice(1) : '';
  return `${days > 0 ? `${days}d ` : ''}${pad(h)}:${pad(m)}:${pad(s)}${frac}`;
}

/** Days from Excel's epoch (1899-12-30) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(?: ?([AP]M))?$/i;

/**
 * An absolute date-time as epoch milliseconds (read as UTC: cyclers write local time without a
 * zone, and only differences are used): "YYYY-MM-DD HH:MM:SS(.fff)", BioLogic's and PEC's
 * "MM/DD/YYYY HH:MM:SS(.fff)" (AM/PM allowed), or an Excel serial date. Undefined otherwise.
 */
export function parseDateTimeMs(text: string): number | undefined {
  const raw = text.trim();
  if (raw === '') return undefined;
  const serial = Number(raw);
  if (Number.isFinite(serial)) return (serial - EXCEL_EPOCH_DAYS) * 86400000;
  const iso = ISO.exec(raw);
  if (iso !== null) {
    const [, y, mo, d, h, mi, s = '0'] = iso;
    return utc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  }
  const us = US.exec(raw);
  if (us !== null) {
    const [, mo, d, y, h, mi, s = '0', half] = us;
    let hours = Number(h);
    if (half !== undefined) hours = (hours % 12) + (half.toUpperCase() === 'PM' ? 12 : 0);
    return utc(Number(y), Number(mo), Number(d), hours, Number(mi), Number(s));
  }
  return undefined;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s >= 61) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, 0) + Math.round(s * 1000);
}

/** A required duration cell, in seconds; anything else is a parse error naming line and column. */
export function requiredDuration(row: Row, column: Column): number {
  const raw = row.fields[column.index] ?? '';
  const seconds = parseDuration(raw);
  // A column's unit scales plain numbers (minutes, hours); an h:m:s text is already seconds.
  if (seconds !== undefined) return DURATION.test(raw.trim()) ? seconds : seconds * column.scale;
  throw timeError(row, column, raw, 'a duration like 12:34:56 or 1d 02:03:04');
}

/** A required date-time cell, as epoch ms. */
export function requiredDateTimeMs(row: Row, column: Column): number {
  const raw = row.fields[column.index] ?? '';
  const ms = parseDateTimeMs(raw);
  if (ms !== undefined) return ms;
  throw timeError(row, column, raw, 'a date and time');
}

function timeError(row: Row, column: Column, raw: string, what: string): CyclerParseError {
  return new CyclerParseError(`${locate(row.line, column.name)}"${raw.slice(0, 40)}" is not ${what}.`, {
    reason: raw.trim() === '' ? 'missing-value' : 'not-a-number',
    line: row.line,
    column: column.name,
  });
}
