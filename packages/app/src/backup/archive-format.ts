import type { Migrations } from './snapshot.ts';

/**
 * A backup is one gzip'd JSON-lines file (`zcat backup.bdb | head` shows what it is):
 *
 *   {"header": {format, version, appVersion, createdAt, dialect, migrations}}
 *   {"table": "authz_user", "columns": ["id", "username", …]}
 *   [1, "olivia", …]                       one JSON array per row (row-codec.ts)
 *   …                                      every table, parents before children
 *   {"manifest": {…header, tables: [{name, columns, rows, sha256}], files: [{id, sha256, sizeBytes}]}}
 *
 * A table's `sha256` is over its row lines, each with its newline; the manifest comes last
 * because only then are counts and checksums known, so a restore reads the file twice: once to
 * check everything, once to load. Dialect-neutral: a backup restores into either.
 */
export const BACKUP_FORMAT = 'batterydb-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  appVersion: string;
  createdAt: string;
  /** The dialect it was taken from (for the record: it restores into either). */
  dialect: 'sqlite' | 'postgres';
  /** The schema migrations applied when it was taken, per migrator table. */
  migrations: Migrations;
}

export interface TableEntry {
  name: string;
  columns: string[];
  rows: number;
  sha256: string;
}

/** An original file as stored (its own SHA-256, recorded at upload): restore checks the bytes against it. */
export interface StoredFile {
  id: number;
  sha256: string;
  sizeBytes: number;
}

export interface Manifest extends BackupHeader {
  tables: TableEntry[];
  files: StoredFile[];
}

export type ArchiveLine =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; name: string; columns: string[] }
  | { kind: 'row'; text: string }
  | { kind: 'manifest'; manifest: Manifest };
