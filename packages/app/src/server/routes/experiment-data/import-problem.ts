import type { FastifyReply } from 'fastify';
import type { UploadProblem } from '../../../imports/run-import.ts';
import { problemBody, type ProblemCode } from '../../http/problem.ts';

/** Seconds a client is asked to wait when the server stopped an import while shutting down. */
const RETRY_AFTER_SHUTDOWN_S = 5;

function located(error: UploadProblem): {
  code: ProblemCode;
  reason: string;
  line: number | null;
  column: string | null;
  extra: Record<string, number>;
} {
  const plain = (code: ProblemCode, reason: string, extra: Record<string, number> = {}) => ({
    code,
    reason,
    line: null,
    column: null,
    extra,
  });
  switch (error.code) {
    case 'INVALID_CYCLER_FILE':
      return {
        code: 'INVALID_INPUT',
        reason: error.reason,
        line: error.line ?? null,
        column: error.column ?? null,
        extra: {},
      };
    case 'UPLOAD_TOO_LARGE':
      return plain('PAYLOAD_TOO_LARGE', 'too-large');
    case 'UPLOAD_INTERRUPTED':
      return plain('INVALID_INPUT', 'interrupted');
    case 'UPLOAD_FORM':
      return plain('INVALID_INPUT', 'bad-form');
    case 'DUPLICATE_FILE':
      return plain(
        'CONFLICT',
        'duplicate',
        'fileId' in error.existing
          ? { existingFileId: error.existing.fileId }
          : { existingImportId: error.existing.importId },
      );
    case 'IMPORT_STOPPED':
      return plain('UNAVAILABLE', 'server-stopped');
  }
}

/**
 * A rejected upload (or retry) as RFC 9457 problem details, with extension members a client can
 * point at: the file's `line` and `column` where the parser stopped, the `reason` code, the
 * import record (`importId`, readable at /api/imports/:id) that keeps the failure, and for a
 * duplicate the file (or kept import) that already has these bytes.
 */
export function sendImportProblem(reply: FastifyReply, error: UploadProblem, importId: number): FastifyReply {
  const { code, reason, line, column, extra } = located(error);
  const field = error.code === 'UPLOAD_FORM' ? error.field : 'file';
  const body = { ...problemBody(code, error.message, field), reason, line, column, importId, ...extra };
  if (code === 'UNAVAILABLE') void reply.header('retry-after', String(RETRY_AFTER_SHUTDOWN_S));
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}
