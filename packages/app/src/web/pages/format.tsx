/** Dates and numbers as people read them; the machine-readable value stays in `datetime`. */
export function DateTime({ value }: { value: Date | string | number }) {
  const date = value instanceof Date ? value : new Date(value);
  return <time dateTime={date.toISOString()}>{date.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>;
}

/** A day, for tables where the time of day would only crowd the row. */
export function Day({ value }: { value: Date | string | number }) {
  const date = value instanceof Date ? value : new Date(value);
  return <time dateTime={date.toISOString()}>{date.toISOString().slice(0, 10)}</time>;
}

export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en', { maximumSignificantDigits: digits });
}

/**
 * `digits` significant digits with trailing zeros kept: 3.300 mAh was measured to the tenth of
 * a µAh, "3.3 mAh" would not say so, and a column of values then lines up.
 */
export function formatSignificant(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en', { minimumSignificantDigits: digits, maximumSignificantDigits: digits });
}

/**
 * Decimals for a whole column: `digits` significant digits for its largest value, the same
 * decimals on every row (so 1.130 sits under 1.138, not "1.13").
 */
export function decimalsFor(values: readonly (number | null)[], digits = 4): number {
  const largest = Math.max(0, ...values.map((v) => (v === null || !Number.isFinite(v) ? 0 : Math.abs(v))));
  if (largest === 0) return 0;
  return Math.min(6, Math.max(0, digits - 1 - Math.floor(Math.log10(largest))));
}

/** A number with a fixed count of decimals (see {@link decimalsFor}). */
export function formatFixed(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** 512 MiB, 1.8 MiB, 545.8 KiB: one decimal where it says something. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1).replace(/\.0$/, '')} ${units[unit]}`;
}
