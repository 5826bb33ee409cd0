/**
 * What can go wrong with an upload before its content is even looked at. Domain errors: the
 * HTTP edge answers 413 and 400. (A cycler file that is broken is a `CyclerParseError`.)
 */

/** An upload bigger than the configured limit. */
export class UploadTooLargeError extends Error {
  readonly code = 'UPLOAD_TOO_LARGE';
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(
      `The file is larger than ${formatBytes(maxBytes)}, the most this server accepts in one upload. ` +
        'Split the test into several files, or ask the administrator to raise BATTERYDB_MAX_UPLOAD_BYTES.',
    );
    this.name = 'UploadTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/** The upload stopped before its end (the client went away, the multipart body was cut). */
export class UploadInterruptedError extends Error {
  readonly code = 'UPLOAD_INTERRUPTED';

  constructor(cause: unknown) {
    super('The upload stopped before the whole file arrived; nothing was stored. Please send it again.', {
      cause,
    });
    this.name = 'UploadInterruptedError';
  }
}

/**
 * The multipart form itself is not what the upload takes: several files in one request, a field
 * other than "file", a body the multipart parser cannot read. Nothing of it is stored; `field`
 * names the part at fault.
 */
export class UploadFormError extends Error {
  readonly code = 'UPLOAD_FORM';
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'UploadFormError';
    this.field = field;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30 && bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30} GiB`;
  if (bytes >= 2 ** 20) return `${Math.round((bytes / 2 ** 20) * 10) / 10} MiB`;
  if (bytes >= 2 ** 10) return `${Math.round((bytes / 2 ** 10) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
