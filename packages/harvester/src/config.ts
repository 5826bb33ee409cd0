import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { globToRegExp } from './glob-pattern.ts';

/**
 * The harvester's configuration: a JSON file, any value overridable by a flag.
 *
 *   {
 *     "server": "https://batterydb.lab.example",
 *     "token": "…",                      (or "tokenFile", or BATTERYDB_TOKEN in the environment)
 *     "state": "C:/ProgramData/batterydb-harvester/state.json",
 *     "pollSeconds": 30, "stableSeconds": 60,
 *     "folders": [ { "path": "D:/Arbin/Data",
 *                    "rules": [ { "match": "LFP-*\/**", "experiment": 12 },
 *                               { "match": "**\/*.csv", "experiment": 15, "cell": "A" } ] } ]
 *   }
 *
 * A file goes to the experiment of the first rule that matches its path relative to its folder;
 * files no rule matches are left alone. `cell` names the experiment's cell by label (made when
 * missing); without it, the server makes a cell named after the file.
 */
export interface Rule {
  readonly match: string;
  readonly pattern: RegExp;
  readonly experiment: number;
  readonly cell: string | null;
}

export interface Folder {
  readonly path: string;
  readonly rules: readonly Rule[];
}

export interface Config {
  readonly server: string;
  readonly token: string;
  readonly statePath: string;
  readonly pollMs: number;
  readonly stableMs: number;
  readonly folders: readonly Folder[];
  /** The first retry's wait; it doubles up to `retryMaxMs` (a 429/503's Retry-After wins). */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly once: boolean;
}

export interface Flags {
  config?: string;
  server?: string;
  token?: string;
  state?: string;
  poll?: string;
  stable?: string;
  once?: boolean;
}

export class ConfigError extends Error {}

const positive = (value: unknown, name: string): number => {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0)
    throw new ConfigError(`${name} must be a positive number`);
  return n;
};

function toRule(raw: unknown, where: string): Rule {
  const r = raw as Record<string, unknown> | null;
  if (typeof r?.match !== 'string') throw new ConfigError(`${where}: "match" must be a glob string`);
  if (typeof r.experiment !== 'number' || !Number.isSafeInteger(r.experiment) || r.experiment < 1)
    throw new ConfigError(`${where}: "experiment" must be an experiment id (a positive whole number)`);
  if (r.cell !== undefined && typeof r.cell !== 'string')
    throw new ConfigError(`${where}: "cell" must be a string`);
  return { match: r.match, pattern: globToRegExp(r.match), experiment: r.experiment, cell: r.cell ?? null };
}

/** The file (if any) with the flags on top; every problem is one message naming the setting. */
export async function loadConfig(flags: Flags, env: NodeJS.ProcessEnv): Promise<Config> {
  let file: Record<string, unknown> = {};
  let base = process.cwd();
  if (flags.config) {
    try {
      file = JSON.parse(await readFile(flags.config, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`cannot read ${flags.config}: ${(error as Error).message}`);
    }
    base = path.dirname(path.resolve(flags.config));
  }
  const server = flags.server ?? (file.server as string | undefined);
  if (typeof server !== 'string' || !/^https?:\/\//.test(server))
    throw new ConfigError('server must be the server’s URL (http:// or https://)');
  let token = flags.token ?? (file.token as string | undefined) ?? env.BATTERYDB_TOKEN;
  if (token === undefined && typeof file.tokenFile === 'string')
    token = (await readFile(path.resolve(base, file.tokenFile), 'utf8')).trim();
  if (typeof token !== 'string' || token === '')
    throw new ConfigError(
      'token is missing: "token" or "tokenFile" in the file, --token, or BATTERYDB_TOKEN',
    );
  const folders = file.folders;
  if (!Array.isArray(folders) || folders.length === 0)
    throw new ConfigError('folders: at least one { "path": …, "rules": [ … ] } is needed');
  return {
    server: server.replace(/\/+$/, ''),
    token,
    statePath: path.resolve(
      base,
      flags.state ?? (file.state as string | undefined) ?? 'harvester-state.json',
    ),
    pollMs: positive(flags.poll ?? file.pollSeconds ?? 30, 'pollSeconds') * 1000,
    stableMs: positive(flags.stable ?? file.stableSeconds ?? 60, 'stableSeconds') * 1000,
    retryBaseMs: positive(file.retryBaseSeconds ?? 1, 'retryBaseSeconds') * 1000,
    retryMaxMs: positive(file.retryMaxSeconds ?? 300, 'retryMaxSeconds') * 1000,
    once: flags.once === true,
    folders: folders.map((f: unknown, i) => {
      const folder = f as Record<string, unknown> | null;
      if (typeof folder?.path !== 'string') throw new ConfigError(`folders[${i}]: "path" must be a folder`);
      if (!Array.isArray(folder.rules) || folder.rules.length === 0)
        throw new ConfigError(`folders[${i}]: "rules" must list at least one rule`);
      return {
        path: path.resolve(base, folder.path),
        rules: folder.rules.map((r: unknown, j) => toRule(r, `folders[${i}].rules[${j}]`)),
      };
    }),
  };
}
