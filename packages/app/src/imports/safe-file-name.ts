const FALLBACK = 'cycler-data';
const MAX_LENGTH = 200;

/**
 * The base name of an uploaded file, safe to store and to send back in a Content-Disposition
 * header: no directories (`../../etc/passwd` → `passwd`), no control characters (header
 * injection), no quotes or backslashes, at most 200 characters; never empty.
 */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"\\]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, MAX_LENGTH)
    .trim();
  return clean === '' ? FALLBACK : clean;
}

/**
 * `attachment` with both forms of the name (RFC 6266): an ASCII fallback for old clients and
 * the exact UTF-8 name in `filename*` (RFC 8187 percent-encoding).
 */
export function attachmentHeader(name: string): string {
  const safe = safeFileName(name);
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_').replace(/[%;]/g, '_');
  const encoded = encodeURIComponent(safe).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
