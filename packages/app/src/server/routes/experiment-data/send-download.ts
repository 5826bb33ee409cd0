import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Download } from '../../../data-out/export-cycle-table.ts';
import { attachmentHeader } from '../../../imports/safe-file-name.ts';

/** Streams a download as an attachment (a sanitised name in both RFC 6266 forms). */
export function sendDownload(reply: FastifyReply, download: Download): FastifyReply {
  return reply
    .type(download.contentType)
    .header('content-disposition', attachmentHeader(download.fileName))
    .send(Readable.from(download.body));
}
