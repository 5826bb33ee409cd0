import type { DatasetListItem } from './find-datasets.ts';

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);

/**
 * The sitemap (sitemaps.org 0.9) of released datasets: each one's latest version's landing URL
 * with the day it was released. Only what a signed-out visitor may see is given to it.
 */
export function sitemapXml(site: string, datasets: readonly DatasetListItem[]): string {
  const urls = datasets.map(
    (d) =>
      `  <url><loc>${escapeXml(`${site}/datasets/${d.id}/v/${d.latest}`)}</loc>` +
      `<lastmod>${d.releasedAt.toISOString().slice(0, 10)}</lastmod></url>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}
