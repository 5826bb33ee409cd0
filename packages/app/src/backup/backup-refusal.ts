/**
 * Why a restore or a copy refused, by name (the CLI prints `refused (reason): …` and exits 2):
 * nothing was written to the target when the archive or the target was the problem, and a
 * failed verification names what differs.
 */
export type RefusalReason =
  | 'not-a-backup'
  | 'unsupported-format'
  | 'truncated'
  | 'checksum-mismatch'
  | 'row-count-mismatch'
  | 'manifest-mismatch'
  | 'newer-schema'
  | 'target-not-empty'
  | 'schema-mismatch'
  | 'file-checksum-mismatch'
  | 'source-changed'
  | 'access-mismatch';

export class BackupRefusal extends Error {
  override name = 'BackupRefusal';
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}
