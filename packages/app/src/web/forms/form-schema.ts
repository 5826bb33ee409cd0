import { type TProperties, Type } from '@sinclair/typebox';
import { closed } from '../../server/schemas/common.ts';
import { CSRF_FIELD } from './fields.tsx';

/** A form field as the browser sends it: a string, of bounded length. */
export const FormText = (maxLength = 1000) => Type.Optional(Type.String({ maxLength }));

/**
 * The body schema of a page form: closed like every API body (an unknown field is a 400, so
 * a forged extra field cannot ride along), plus the CSRF field.
 */
export function formBody<T extends TProperties>(properties: T) {
  return closed({ ...properties, [CSRF_FIELD]: Type.Optional(Type.String({ maxLength: 200 })) });
}

/** A text field: `undefined` and blank are "not given". */
export const given = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/**
 * A number as people type it: `12.5`, or `12,5` with a decimal comma (SPEC §8). Blank is
 * `undefined`; anything else that is not a finite number is `NaN` for the caller to refuse.
 */
export function decimalOf(value: string | undefined): number | undefined {
  const text = given(value);
  if (text === undefined) return undefined;
  const normal = /^[+-]?\d*,\d+$/.test(text) ? text.replace(',', '.') : text;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(normal) ? Number(normal) : Number.NaN;
}
