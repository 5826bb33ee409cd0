import { TextField } from './fields.tsx';
import type { FieldErrors } from './form-errors.ts';

/**
 * "A user or a group, by name": the radio pair and the name field with its type-ahead list
 * (public/js fills `#name-options` from GET /api/directory). Shared by the share page and the
 * admin's object-permissions page, which grant through the same policy.
 */
export function HolderFields(props: {
  legend: string;
  form: { kind?: string; name?: string };
  errors: FieldErrors;
}) {
  const { legend, form, errors } = props;
  return (
    <>
      <fieldset>
        <legend>{legend}</legend>
        <label class="check">
          <input type="radio" name="kind" value="user" checked={form.kind !== 'group'} /> a user
        </label>
        <label class="check">
          <input type="radio" name="kind" value="group" checked={form.kind === 'group'} /> a group
        </label>
      </fieldset>
      <div>
        <TextField
          name="name"
          label="Name"
          value={form.name ?? ''}
          errors={errors}
          hint="Start typing a username or group name."
          autocomplete="off"
          list="name-options"
          required
        />
        <datalist id="name-options" />
      </div>
    </>
  );
}
