/**
 * A file a page offers by a click (an anchor with `download`): its suggested name and bytes,
 * as the browser saved it.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';

export async function clickDownload(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}
