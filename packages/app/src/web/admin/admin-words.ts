import type { Decision } from '@batterydb/authz';

/** The one reason several denied controls share, if they do (shown once instead of on every control). */
export function sharedReason(decisions: readonly Decision[]): string | null {
  const messages = new Set(decisions.map((d) => (d.allowed ? null : d.message)));
  if (messages.size !== 1) return null;
  const [only] = messages;
  return only ?? null;
}

export const denial = (decision: Decision): string | null => (decision.allowed ? null : decision.message);

/** `auth.user` → `Users`: a permissions fieldset's legend. */
export const modelHeading = (model: string) => {
  const name = model.split('.')[1] ?? model;
  return `${name[0]!.toUpperCase()}${name.slice(1)}s`;
};

/** A permission's registered name with a capital: "Change experiment status". */
export const permName = (name: string) => `${name[0]!.toUpperCase()}${name.slice(1)}`;
