/**
 * Text and attribute values for XML 1.0. Characters XML 1.0 cannot carry at all (C0 controls
 * other than tab/LF/CR, U+FFFE/U+FFFF, unpaired surrogates) become U+FFFD, so no title can make
 * the document ill-formed; CR is written as a reference so a parser does not fold it into LF.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching the controls XML refuses is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What an XML parser will read back for `value`. */
export const xmlSafe = (value: string) => value.replace(NOT_XML, '\uFFFD');

export function xmlText(value: string): string {
  return xmlSafe(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;');
}

/** Attribute values also escape quotes and keep tabs and line breaks (attribute normalisation). */
export function xmlAttribute(value: string): string {
  return xmlText(value).replaceAll('"', '&quot;').replaceAll('\t', '&#9;').replaceAll('\n', '&#10;');
}
