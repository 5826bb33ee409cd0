import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { globToRegExp } from './glob-pattern.ts';

/**
 * Which experiment and cell a file of an archive belongs to, from its
 * path relative to the archive's root. A rules file is JSON:
 *
 *   { "rules": [ { "match": "cells/*\/**", "experiment": "Cell {1}" },
 *                { "match": "**\/*.csv", "experiment": "{top}" } ] }
 *
 * The first rule whose glob matches decides; a file no rule matches is skipped and reported.
 * Templates take `{1}`… (what the glob's `*`, `**` and `?` matched, in order), `{top}` (the first
 * folder), `{dir}` (the file's folder) and `{stem}` (the file name without its extension).
 * Without a rules file, every file goes to the experiment named after its first folder.
 */
export interface PathRule {
  readonly match: string;
  readonly experiment: string;
  /** The cell's label template: the file goes into the experiment's cell with that label (made when missing). */
  readonly cell?: string;
}

export interface RuleTarget {
  readonly experiment: string;
  readonly cell: string | null;
}

export const DEFAULT_RULES: readonly PathRule[] = [{ match: '**', experiment: '{top}' }];

interface CompiledRule {
  readonly rule: PathRule;
  readonly pattern: RegExp;
}

export class RulesError extends Error {}

/** Reads and checks a rules file; any mistake is one message naming the rule. */
export async function readRules(file: string): Promise<PathRule[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new RulesError(`cannot read the rules file ${file}: ${(error as Error).message}`);
  }
  const rules = (parsed as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules) || rules.length === 0)
    throw new RulesError(`${file}: expected { "rules": [ { "match": GLOB, "experiment": TEMPLATE }, … ] }`);
  return rules.map((r: unknown, i) => {
    const rule = r as Record<string, unknown>;
    const unknownKey = Object.keys(rule ?? {}).find((k) => !['match', 'experiment', 'cell'].includes(k));
    if (
      typeof rule?.match !== 'string' ||
      typeof rule.experiment !== 'string' ||
      rule.experiment.trim() === '' ||
      (rule.cell !== undefined && typeof rule.cell !== 'string') ||
      unknownKey !== undefined
    )
      throw new RulesError(
        `${file}: rule ${i + 1} needs "match" and "experiment" strings (and optionally "cell")${unknownKey ? `, not "${unknownKey}"` : ''}`,
      );
    return { match: rule.match, experiment: rule.experiment, ...(rule.cell ? { cell: rule.cell } : {}) };
  });
}

export function compileRules(rules: readonly PathRule[]): (relativePath: string) => RuleTarget | null {
  const compiled: CompiledRule[] = rules.map((rule) => ({ rule, pattern: globToRegExp(rule.match) }));
  return (relativePath) => {
    const posix = relativePath.split(path.sep).join('/');
    for (const { rule, pattern } of compiled) {
      const m = pattern.exec(posix);
      if (!m) continue;
      const fill = (template: string) => fillTemplate(template, posix, m.slice(1));
      const experiment = fill(rule.experiment).trim();
      if (experiment === '') continue;
      return { experiment, cell: rule.cell ? fill(rule.cell).trim() || null : null };
    }
    return null;
  };
}

function fillTemplate(template: string, posix: string, groups: readonly (string | undefined)[]): string {
  const parts = posix.split('/');
  const base = parts.at(-1)!;
  const values: Record<string, string> = {
    top: parts.length > 1 ? parts[0]! : '',
    dir: parts.slice(0, -1).join('/'),
    stem: base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base,
  };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (/^\d+$/.test(key)) return (groups[Number(key) - 1] ?? '').replace(/\/$/, '');
    return values[key] ?? whole;
  });
}
