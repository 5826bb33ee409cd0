/**
 * What ends an import other than a broken file (`CyclerParseError`) or a broken upload
 * (upload-errors.ts). Domain errors: the HTTP edge maps them.
 */

/** The same bytes are already in the experiment (SPEC §6): refused unless the caller insists. */
export class DuplicateFileError extends Error {
  readonly code = 'DUPLICATE_FILE';
  /** The complete file with these bytes, or the failed import that kept them. */
  readonly existing: { fileId: number } | { importId: number };

  constructor(existing: { fileId: number; fileName: string } | { importId: number; fileName: string }) {
    super(
      'fileId' in existing
        ? `This file is already in the experiment (file ${existing.fileId}, "${existing.fileName}"): ` +
            'uploading it again would count its cycles twice. Send it with ?duplicate=allow if you mean it.'
        : `An earlier upload of this file (import ${existing.importId}, "${existing.fileName}") is kept: ` +
            'retry that import, delete it, or send the file with ?duplicate=allow.',
    );
    this.name = 'DuplicateFileError';
    this.existing = 'fileId' in existing ? { fileId: existing.fileId } : { importId: existing.importId };
  }
}

/** The server is shutting down: the import stops and can be retried from its stored file. */
export class ImportStoppedError extends Error {
  readonly code = 'IMPORT_STOPPED';

  constructor() {
    super('The server is shutting down; the import was stopped before it finished.');
    this.name = 'ImportStoppedError';
  }
}

/**
 * Another process decided this import was abandoned and took it over (it wrote no progress for
 * longer than the lease): this process must not touch it any more.
 */
export class ImportTakenOverError extends Error {
  readonly code = 'IMPORT_TAKEN_OVER';

  constructor(importId: number) {
    super(`import ${importId} was taken over by another process`);
    this.name = 'ImportTakenOverError';
  }
}
