import type { Config } from './config.ts';

/** A cell's id, or why there is none (the upload then waits, as its own refusal would). */
export type CellOutcome =
  | { kind: 'cell'; cellId: number }
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'unavailable'; reason: string };

const RETRYABLE = new Set([429, 502, 503, 504]);

async function call(config: Config, url: string, init: RequestInit = {}) {
  const response = await fetch(url, {
    ...init,
    headers: {
      authorization: `Bearer ${config.token}`,
      'user-agent': 'batterydb-harvester',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  return {
    status: response.status,
    statusText: response.statusText,
    body: (await response.json().catch(() => ({}))) as unknown,
  };
}

/**
 * The rule's cell of an experiment by label: the first with that label in the experiment's order
 * (`GET /api/experiments/:id/cells`), else a new one (`POST /api/experiments/:id/cells`, which
 * the token's scope must allow: `change_experiment` on that experiment). Looked up at each first
 * upload rather than remembered, so a cell renamed or deleted on the server is found or made anew.
 * A busy or unreachable server is `unavailable` (the file waits for the next poll).
 */
export async function findOrCreateCell(
  config: Config,
  experiment: number,
  label: string,
): Promise<CellOutcome> {
  const url = `${config.server}/api/experiments/${experiment}/cells`;
  try {
    const list = await call(config, url);
    const failed = refusal(list);
    if (failed) return failed;
    const items = (list.body as { items?: { id: number; label: string }[] }).items ?? [];
    const found = items.find((c) => c.label === label);
    if (found) return { kind: 'cell', cellId: found.id };
    const made = await call(config, url, { method: 'POST', body: JSON.stringify({ label }) });
    const refused = refusal(made, 201);
    if (refused) return refused;
    return { kind: 'cell', cellId: (made.body as { id: number }).id };
  } catch (error) {
    return {
      kind: 'unavailable',
      reason: `network: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`,
    };
  }
}

function refusal(
  answer: { status: number; statusText: string; body: unknown },
  ok = 200,
): Exclude<CellOutcome, { kind: 'cell' }> | null {
  if (answer.status === ok) return null;
  if (RETRYABLE.has(answer.status) || answer.status >= 500)
    return { kind: 'unavailable', reason: `HTTP ${answer.status}` };
  const detail = (answer.body as { detail?: string }).detail ?? answer.statusText;
  return { kind: 'refused', status: answer.status, reason: `cell: ${detail}` };
}
