import type { Enrolment, SecondFactorStatus } from '@batterydb/authz';
import { CsrfField, FormError, TextField } from '../forms/fields.tsx';
import type { FieldErrors } from '../forms/form-errors.ts';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import { DateTime } from './format.tsx';
import { QrCode } from './qr-code.tsx';

export interface TwoFactorPageProps {
  ctx: PageContext;
  status: SecondFactorStatus;
  /** The pending enrolment's QR code and secret. */
  enrolment: Enrolment | null;
  /** Recovery codes just made: shown this once. */
  recoveryCodes?: string[] | null;
  /** The operator requires the factor of this (staff) account and this session has not used it. */
  required: boolean;
  form?: { name: 'confirm' | 'regenerate' | 'remove'; errors: FieldErrors; message: string | null };
}

const formOf = (props: TwoFactorPageProps, name: 'confirm' | 'regenerate' | 'remove') =>
  props.form?.name === name ? props.form : null;

/** A field for a code from the app (or, where `maxLength` allows, a recovery code). */
function CodeField(props: {
  label: string;
  idPrefix: string;
  form: TwoFactorPageProps['form'] | null;
  hint?: string;
  required?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <TextField
      name="code"
      label={props.label}
      autocomplete="one-time-code"
      maxLength={64}
      errors={props.form?.errors}
      idPrefix={props.idPrefix}
      {...(props.hint ? { hint: props.hint } : {})}
      required={props.required ?? true}
      autoFocus={props.autoFocus ?? false}
    />
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div class="new-token" role="status">
      <p>
        <strong>Your recovery codes.</strong> Keep them somewhere safe (printed, or in a password manager):
        each signs you in once if you lose your phone. They are shown only this once.
      </p>
      <ol class="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Enrol({ props }: { props: TwoFactorPageProps }) {
  const { ctx, enrolment } = props;
  if (!enrolment)
    return (
      <form method="post" action="/account/two-factor/begin" class="stack">
        <CsrfField token={ctx.csrfToken} />
        <p>
          With two-factor sign-in, signing in needs your password and a 6-digit code from an authenticator app
          on your phone (such as Aegis, FreeOTP, Google Authenticator or 1Password).
        </p>
        <button type="submit" class="primary">
          Set up two-factor sign-in
        </button>
      </form>
    );
  const form = formOf(props, 'confirm');
  return (
    <div class="stack">
      <p>1. Scan this code with your authenticator app:</p>
      <QrCode text={enrolment.uri} label="QR code to add BatteryDB to your authenticator app" />
      <p>
        Or type this key into the app by hand: <code class="token-value">{enrolment.secret}</code>{' '}
        (time-based, 6 digits, every 30 seconds).
      </p>
      <form method="post" action="/account/two-factor/confirm" class="stack">
        <CsrfField token={ctx.csrfToken} />
        <FormError message={form?.message} />
        <CodeField label="2. Type the code the app shows" idPrefix="confirm" form={form} autoFocus />
        <button type="submit" class="primary">
          Turn on two-factor sign-in
        </button>
      </form>
    </div>
  );
}

function Enrolled({ props }: { props: TwoFactorPageProps }) {
  const { ctx, status } = props;
  const regenerate = formOf(props, 'regenerate');
  const remove = formOf(props, 'remove');
  return (
    <div class="stack">
      <p>
        Two-factor sign-in is <strong>on</strong> since <DateTime value={status.confirmedAt!} />. Recovery
        codes left: <strong>{status.recoveryCodesLeft}</strong> of 10.
      </p>
      <form method="post" action="/account/two-factor/recovery-codes" class="stack">
        <h2>New recovery codes</h2>
        <CsrfField token={ctx.csrfToken} />
        <FormError message={regenerate?.message} />
        <CodeField
          label="Current code from your app"
          idPrefix="regenerate"
          form={regenerate}
          hint="The ten new codes replace all the old ones."
        />
        <button type="submit">Make new recovery codes</button>
      </form>
      <form method="post" action="/account/two-factor/remove" class="stack">
        <h2>Turn off two-factor sign-in</h2>
        <CsrfField token={ctx.csrfToken} />
        <FormError message={remove?.message} />
        <TextField
          name="password"
          label="Your password"
          type="password"
          autocomplete="current-password"
          hint="Or leave it empty and give a current code below."
          errors={remove?.errors}
          idPrefix="remove"
        />
        <CodeField label="Or a current code" idPrefix="remove" form={remove} required={false} />
        <button type="submit" class="danger">
          Turn off
        </button>
      </form>
    </div>
  );
}

/** The account's second factor (issue 27): enrol with a QR code, recovery codes, turning it off. */
export function TwoFactorPage(props: TwoFactorPageProps) {
  const { ctx, status } = props;
  return (
    <Page ctx={ctx} title="Two-factor sign-in">
      <section class="narrow">
        <h1>Two-factor sign-in</h1>
        {props.required ? (
          <p class="notice" role="alert">
            Staff accounts must use two-factor sign-in here. Set it up to go on; until then you can only do
            this or sign out.
          </p>
        ) : (
          <p>
            <a href="/account">Back to your account</a>
          </p>
        )}
        {props.recoveryCodes ? <RecoveryCodes codes={props.recoveryCodes} /> : null}
        {status.enrolled ? <Enrolled props={props} /> : <Enrol props={props} />}
      </section>
    </Page>
  );
}
