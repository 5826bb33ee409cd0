import iconv from 'iconv-lite';
import type { ZipArchive } from '../zip/zip-archive.ts';
import { parseXml } from '../xlsx/xml-reader.ts';

const MAX_XML_BYTES = 4 * 2 ** 20;

/**
 * TestInfo.xml's attributes (device, unit, channel, start and end time, barcode, procedure),
 * as `neware.*` metadata. Neware writes its XML in GB2312 (declared in the XML declaration), so
 * it is decoded with iconv-lite before parsing.
 */
export async function ndaxMetadata(archive: ZipArchive): Promise<Record<string, string>> {
  const metadata: Record<string, string> = {};
  if (!archive.has('TestInfo.xml')) return metadata;
  const raw = await archive.read('TestInfo.xml', MAX_XML_BYTES);
  const text = iconv.decode(
    raw,
    /encoding="(gb2312|gbk|gb18030)"/i.test(raw.subarray(0, 100).toString('latin1')) ? 'gb18030' : 'utf-8',
  );
  const keep = [
    'DevType',
    'DevID',
    'UnitID',
    'ChlID',
    'TestID',
    'StartTime',
    'EndTime',
    'Barcode',
    'StepName',
    'SN',
  ];
  await parseXml(
    Buffer.from(text.replace(/^<\?xml[^>]*\?>/, ''), 'utf8'),
    {
      open: (tag) => {
        if (tag.name !== 'TestInfo') return;
        for (const key of keep) {
          const value = tag.attributes[key];
          if (value !== undefined && value !== '') metadata[`neware.${key}`] = value;
        }
      },
      close: () => undefined,
      text: () => undefined,
    },
    'This .ndax file (TestInfo.xml)',
  );
  return metadata;
}
