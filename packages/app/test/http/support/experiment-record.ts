import { AuthzError } from '@batterydb/authz';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../../../src/authz/create-app-authz.ts';
import type { DatasetRecord } from '../../../src/datasets/citation/index.ts';
import { decodeCitation } from '../../../src/datasets/citation/stored-citation.ts';
import type { Database } from '../../../src/db/schema.ts';
import { getExperiment } from '../../../src/experiments/get-experiment.ts';
import { findDataFiles } from '../../../src/measurements/data-files.ts';

/**
 * A loader for `citationRoutes` in tests, from a real experiment: what the caller may view is
 * its one "version" 1 (the versions themselves are issue 26's other half); anything the caller
 * may not see is null, as the landing page's loader answers. Not product code.
 */
export async function experimentRecord(
  authz: AppAuthz,
  db: Kysely<Database>,
  request: FastifyRequest,
  id: number,
  n: number,
): Promise<DatasetRecord | null> {
  if (n !== 1) return null;
  let row;
  try {
    row = await getExperiment(authz, db, request.subject, id);
  } catch (error) {
    if (error instanceof AuthzError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
  const landingUrl = `https://batterydb.example.org/datasets/${id}/v/${n}`;
  return {
    experimentId: id,
    version: n,
    title: row.title,
    description: row.description,
    citation: decodeCitation(row.citation),
    publisher: 'BatteryDB',
    releasedAt: new Date(Number(row.updated_at)),
    landingUrl,
    files: (await findDataFiles(db, id)).map((f) => ({
      name: f.fileName,
      sha256: f.sha256,
      bytes: f.sizeBytes,
      format: f.format,
      downloadUrl: `${landingUrl}/files/${f.id}`,
    })),
    materials: { chemistry: row.chemistry, cathode: row.cathode_material, anode: row.anode_material },
  };
}
