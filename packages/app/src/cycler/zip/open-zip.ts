import { CyclerParseError } from '../cycler-parse-error.ts';
import { openNdax } from '../neware-ndax/open-ndax.ts';
import type { ParseStats, TimeSeriesFile } from '../parsed-cycler-file.ts';
import { openXlsx } from '../xlsx/open-xlsx.ts';
import { ZipArchive } from './zip-archive.ts';

/**
 * A ZIP upload is told apart by its directory: xl/workbook.xml makes an .xlsx workbook (Arbin or
 * LANHE by its sheets), data.ndc a Neware .ndax. Anything else is refused by name.
 */
export async function openZip(
  file: Buffer | { path: string; size: number },
  stats: ParseStats,
  options: { batchSize: number; report: () => void },
): Promise<TimeSeriesFile> {
  const archive = await ZipArchive.open(file, 'This ZIP file');
  try {
    if (archive.has('xl/workbook.xml')) {
      archive.what = 'This .xlsx workbook';
      return await openXlsx(archive, stats, options);
    }
    if (archive.has('data.ndc')) {
      archive.what = 'This Neware .ndax file';
      return await openNdax(archive, stats, options);
    }
  } catch (error) {
    archive.close();
    throw error;
  }
  archive.close();
  throw new CyclerParseError(
    'This is a ZIP archive, but neither an Excel .xlsx workbook nor a Neware .ndax file: ' +
      'upload the cycler file itself rather than an archive of files.',
    { reason: 'unrecognised-format' },
  );
}
