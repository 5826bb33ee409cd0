import type { ComponentChildren } from 'preact';
import type { FieldErrors } from './form-errors.ts';

/** The name of the hidden field that carries the session's CSRF token in every form. */
export const CSRF_FIELD = '_csrf';

export function CsrfField({ token }: { token: string | null }) {
  return token ? <input type="hidden" name={CSRF_FIELD} value={token} /> : null;
}

interface FieldProps {
  name: string;
  label: string;
  value?: string | null | undefined;
  errors?: FieldErrors | undefined;
  hint?: string;
  required?: boolean;
  /** Distinguishes two forms' fields of the same name on one page. */
  idPrefix?: string;
}

const fieldId = (p: FieldProps) => `${p.idPrefix ?? 'f'}-${p.name}`;

/** Label, control, hint and the field's error, wired together for screen readers. */
function Field(
  props: FieldProps & { children: (aria: Record<string, string | boolean>) => ComponentChildren },
) {
  const id = fieldId(props);
  const error = props.errors?.[props.name];
  const described = [props.hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="required"> (required)</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children({
        id,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(error ? { 'aria-invalid': 'true' } : {}),
      })}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'password' | 'date' | 'datetime-local' | 'search';
    inputMode?: 'decimal';
    autocomplete?: string;
    maxLength?: number;
    /** The id of a <datalist> of suggestions. */
    list?: string;
    /** The field a person types into first on this page (one per page). */
    autoFocus?: boolean;
  },
) {
  return (
    <Field {...props}>
      {(aria) => (
        <input
          {...aria}
          name={props.name}
          // Preact types <input> as a union per `type`; this field takes several, so one is named.
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
          type={(props.type ?? 'text') as 'text'}
          value={props.value ?? ''}
          required={props.required}
          inputMode={props.inputMode}
          autocomplete={props.autocomplete}
          maxLength={props.maxLength}
          list={props.list}
          autoFocus={props.autoFocus}
        />
      )}
    </Field>
  );
}

export function TextArea(props: FieldProps & { rows?: number; maxLength?: number }) {
  return (
    <Field {...props}>
      {(aria) => (
        <textarea
          {...aria}
          name={props.name}
          rows={props.rows ?? 4}
          maxLength={props.maxLength}
          required={props.required}
        >
          {props.value ?? ''}
        </textarea>
      )}
    </Field>
  );
}

export function SelectField(props: FieldProps & { options: readonly { value: string; label: string }[] }) {
  return (
    <Field {...props}>
      {(aria) => (
        <select {...aria} name={props.name}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === (props.value ?? '')}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A summary of what went wrong at the top of a form (field errors are also beside each field). */
export function FormError({ message }: { message: string | null | undefined }) {
  return message ? (
    <p class="form-error" role="alert">
      {message}
    </p>
  ) : null;
}
