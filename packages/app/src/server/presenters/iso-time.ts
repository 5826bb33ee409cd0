/**
 * `new Date(ms).toISOString()`, several times faster for the times the app stores (whole
 * milliseconds from 1970 to 9999). A list page formats two times per item, and building the
 * `Date` and its string was ≈ 1.2 µs each — about a tenth of the JSON list's CPU (issue 25,
 * docs/benchmarks.md). The day's `YYYY-MM-DDT` is remembered (a page's times fall on few days);
 * the time of day is plain arithmetic. Anything else goes to `toISOString` itself, so the
 * answer — or the RangeError for an invalid time — is always the standard one.
 */

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00.000Z: from here `toISOString` writes six-digit, signed years. */
const YEAR_10000_MS = 253_402_300_800_000;
/** Days remembered; when full the map starts again (days recur, so it refills at once). */
const DAYS_KEPT = 4096;

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const dayPrefixes = new Map<number, string>();

function dayPrefix(day: number): string {
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= DAYS_KEPT) dayPrefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  return prefix;
}

/** The ISO 8601 UTC form of a time in milliseconds since 1970, exactly as `toISOString` writes it. */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000_MS) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  const ofDay = ms - day * DAY_MS;
  const milli = ofDay % 1000;
  const seconds = (ofDay - milli) / 1000;
  const second = seconds % 60;
  const minutes = (seconds - second) / 60;
  const minute = minutes % 60;
  const hour = (minutes - minute) / 60;
  return `${dayPrefix(day)}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${THREE_DIGITS[milli]}Z`;
}
