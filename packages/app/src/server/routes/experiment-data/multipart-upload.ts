import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { UploadFormError } from '../../../imports/upload-errors.ts';
import { HttpProblem } from '../../http/problem.ts';

/** The upload form has one part: the file, in the field `file`. Anything else is refused. */
export const UPLOAD_FIELD = 'file';

const badForm = (field: string, message: string) => new HttpProblem('INVALID_INPUT', message, { field });

/** A multipart error from the parser as a 400 naming the form; limits as the upload says them. */
function formProblem(error: unknown): Error {
  if (error instanceof HttpProblem || error instanceof UploadFormError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_FILES_LIMIT')
    return new UploadFormError(UPLOAD_FIELD, 'send one file per request: this form holds several');
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return badForm(UPLOAD_FIELD, 'the form has too many parts: send only the field "file"');
  const reason = error instanceof Error ? error.message : String(error);
  return badForm('body', `the multipart/form-data body cannot be read (${reason})`);
}

const unknownField = (name: string) =>
  new UploadFormError(name, `unknown field "${name}": the form takes only the field "${UPLOAD_FIELD}"`);

/**
 * Reads an upload form strictly: every malformed body (no boundary, a broken part, an early end)
 * is a 400, never a 500; a field other than `file` or a second file is a 400 naming it, never
 * silently dropped. The file part is returned with `input`: its bytes, followed by a check of
 * the rest of the form — so a second file or a stray field after the file fails the import
 * before anything is stored (the pipeline spools the file first, then writes).
 */
export async function readUploadForm(
  request: FastifyRequest,
  limits: { fileSize: number },
): Promise<{ part: MultipartFile; input: AsyncIterable<Buffer> }> {
  let parts: AsyncIterator<Multipart>;
  try {
    parts = request.parts({ limits: { ...limits, files: 1, fields: 10, parts: 11 } })[Symbol.asyncIterator]();
  } catch (error) {
    throw formProblem(error);
  }
  const next = async () => {
    try {
      return await parts.next();
    } catch (error) {
      throw formProblem(error);
    }
  };
  // Fields before the file are read past, so that a form without any file says so first.
  const fields: string[] = [];
  let first = await next();
  for (; first.done !== true && first.value.type === 'field'; first = await next())
    fields.push(first.value.fieldname);
  if (first.done === true || first.value.type === 'field')
    throw badForm(UPLOAD_FIELD, `the form has no file: send it in a field named "${UPLOAD_FIELD}"`);
  const stray = first.value.fieldname !== UPLOAD_FIELD ? first.value.fieldname : fields[0];
  if (stray !== undefined) {
    const error = unknownField(stray);
    throw badForm(error.field, error.message);
  }
  const part: MultipartFile = first.value;
  async function* input(): AsyncGenerator<Buffer> {
    for await (const chunk of part.file) yield chunk as Buffer;
    for (let rest = await next(); rest.done !== true; rest = await next()) {
      if (rest.value.type === 'file') throw formProblem({ code: 'FST_FILES_LIMIT' });
      throw unknownField(rest.value.fieldname);
    }
  }
  return { part, input: input() };
}
