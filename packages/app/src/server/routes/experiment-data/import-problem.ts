import type { FastifyReply } from 'fastify';
import type { UploadProblem } from '../../../imports/run-import.ts';
import { problemBody } from '../../http/problem.ts';

/**
 * A rejected upload as RFC 9457 problem details, with extension members a client can point at:
 * the file's `line` and `column` where the parser stopped, the `reason` code, and the import
 * record (`importId`, readable at /api/imports/:id) that keeps the failure.
 */
export function sendImportProblem(reply: FastifyReply, error: UploadProblem, importId: number): FastifyReply {
  const REASONS = {
    UPLOAD_TOO_LARGE: 'too-large',
    UPLOAD_INTERRUPTED: 'interrupted',
    UPLOAD_FORM: 'bad-form',
  };
  const located =
    error.code === 'INVALID_CYCLER_FILE'
      ? { reason: error.reason, line: error.line ?? null, column: error.column ?? null }
      : { reason: REASONS[error.code], line: null, column: null };
  const body = {
    ...problemBody(
      error.code === 'UPLOAD_TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT',
      error.message,
      error.code === 'UPLOAD_FORM' ? error.field : 'file',
    ),
    ...located,
    importId,
  };
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}
