import type { Decision } from '@batterydb/authz';
import type { FormFailure } from '../../forms/form-errors.ts';
import { Reason } from '../admin-layout.tsx';
import { denial } from '../admin-words.ts';
import type { UserFormValues } from '../routes/user-save.ts';

/** The forms of the user page (one Save for the account, groups and permissions; the password
 * and activation are actions of their own); a refused post comes back in its own section. */
export type UserSection = 'account' | 'password' | 'activation' | 'secondFactor';

export interface UserPageFailure extends FormFailure {
  section: UserSection;
  /** What was typed and ticked in the user form (the password is never sent back). */
  values?: UserFormValues;
}

export function Denied({ decision, what }: { decision: Decision; what: string }) {
  const reason = denial(decision);
  return reason ? (
    <Reason>
      {what}: {reason}.
    </Reason>
  ) : null;
}

export function failureOf(failure: UserPageFailure | null, section: UserSection) {
  return failure?.section === section ? failure : null;
}
