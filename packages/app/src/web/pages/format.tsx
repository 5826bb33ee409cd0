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

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
