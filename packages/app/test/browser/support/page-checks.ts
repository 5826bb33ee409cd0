import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's own build, from node_modules: run offline, inside the page. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.1 levels A and AA (issue 24's "Done when"). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The two screens every page must fit: a laptop and a phone (issue 24). */
export const SCREENS = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * What is wrong with the page as it is now, in words for the test's message: content wider
 * than the screen (sideways scrolling; the widest culprits named) and axe-core's WCAG 2.1 A/AA
 * violations. Empty when all is well. axe is evaluated through the DevTools protocol, so the
 * page's CSP (no inline script) is untouched and still reported if the page breaks it.
 */
export async function pageProblems(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && e.getClientRects().length > 0)
      .filter((e) => !e.closest('.table-wrap, .u-wrap'))
      .slice(-4)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')}`);
    return { scroll: document.documentElement.scrollWidth, width, culprits };
  });
  if (overflow)
    problems.push(
      `${label}: ${overflow.scroll}px wide on a ${overflow.width}px screen (${overflow.culprits.join(', ')})`,
    );
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const { ran, violations } = await page.evaluate(
    async (tags): Promise<{ ran: number; violations: Violation[] }> => {
      const axe = (
        window as unknown as {
          axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[]; passes: unknown[] }> };
        }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      const violations = (
        result.violations as {
          id: string;
          impact: string | null;
          help: string;
          nodes: { target: string[] }[];
        }[]
      ).map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
      return { ran: result.passes.length + result.violations.length, violations };
    },
    WCAG_TAGS,
  );
  // A check that passes because nothing was checked would be worthless: axe must have run rules.
  if (ran === 0) problems.push(`${label}: axe checked no rule`);
  for (const v of violations)
    problems.push(`${label}: axe ${v.id} (${v.impact}): ${v.help} — ${v.targets.join(' | ')}`);
  return problems;
}

/**
 * Checks the page on both screens (resized in place: the same page, laid out again) and
 * returns every problem found on either.
 */
export async function checkOnScreens(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  const before = page.viewportSize();
  for (const screen of SCREENS) {
    await page.setViewportSize({ width: screen.width, height: screen.height });
    problems.push(...(await pageProblems(page, `${label} (${screen.name})`)));
  }
  if (before) await page.setViewportSize(before);
  return problems;
}
