/**
 * One setting chooses the database (issue #2): `DATABASE_URL` is `postgres://…` /
 * `postgresql://…`, or `sqlite:PATH`; unset means the default SQLite file.
 */
export type DatabaseConfig = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

export const DEFAULT_SQLITE_PATH = './data/batterydb.sqlite';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseDatabaseUrl(value: string | undefined): DatabaseConfig {
  if (value === undefined || value.trim() === '') return { dialect: 'sqlite', path: DEFAULT_SQLITE_PATH };
  const url = value.trim();
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '')
      throw new ConfigError('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/batterydb.sqlite');
    return { dialect: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL is not a valid postgres:// URL');
    }
    return { dialect: 'postgres', url };
  }
  throw new ConfigError(
    'DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got an unsupported scheme)',
  );
}

/** For log lines: the URL without its password. */
export function redactDatabaseUrl(config: DatabaseConfig): string {
  if (config.dialect === 'sqlite') return `sqlite:${config.path}`;
  const url = new URL(config.url);
  if (url.password) url.password = '***';
  return url.toString();
}
