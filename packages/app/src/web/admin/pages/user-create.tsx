import { CsrfField, FormError, TextField } from '../../forms/fields.tsx';
import type { FieldErrors } from '../../forms/form-errors.ts';
import type { PageContext } from '../../page-context.ts';
import { AdminPage, Reason } from '../admin-layout.tsx';

export interface NewUserValues {
  username: string;
  fullName: string;
  email: string;
  isStaff: boolean;
  isSuperuser?: boolean;
}

/** Adding a user; groups and permissions are chosen on the user's page next (as in Django). */
export function UserCreatePage(props: {
  ctx: PageContext;
  values: NewUserValues;
  /** Why the viewer may not make superusers, or null when it may. */
  superuserDenied: string | null;
  errors: FieldErrors;
  message: string | null;
}) {
  const { ctx, values, errors } = props;
  return (
    <AdminPage ctx={ctx} title="Add user" crumbs={[{ href: '/admin/users', label: 'Users' }]}>
      <h1>Add user</h1>
      <form method="post" action="/admin/users" class="panel stack narrow-form">
        <CsrfField token={ctx.csrfToken} />
        <FormError message={props.message} />
        <TextField
          name="username"
          label="Username"
          value={values.username}
          errors={errors}
          required
          autocomplete="off"
          hint="Letters, digits and . @ + _ - only."
          maxLength={150}
        />
        <TextField name="fullName" label="Name" value={values.fullName} errors={errors} maxLength={150} />
        <TextField name="email" label="E-mail" value={values.email} errors={errors} autocomplete="off" />
        <TextField
          name="password"
          label="Password"
          type="password"
          errors={errors}
          autocomplete="new-password"
          hint="8–128 characters, not a commonly breached password, not like the username, name or e-mail. Leave empty: the account cannot sign in until a password is set."
        />
        <fieldset>
          <legend>Flags</legend>
          <label class="check">
            <input type="checkbox" name="isStaff" value="yes" checked={values.isStaff} /> Staff (may use the
            admin site, with the permissions given)
          </label>
          {props.superuserDenied === null ? (
            <label class="check">
              <input type="checkbox" name="isSuperuser" value="yes" checked={values.isSuperuser === true} />{' '}
              Superuser (every permission)
            </label>
          ) : (
            <Reason>Superuser: {props.superuserDenied}.</Reason>
          )}
        </fieldset>
        <button type="submit" class="primary">
          Add user
        </button>
      </form>
    </AdminPage>
  );
}
