import { type PageContext, viewerHas } from '../page-context.ts';

/** One entry of the main navigation; shown only to viewers it is for (the server decides again). */
export interface NavItem {
  href: string;
  label: string;
  visible(ctx: PageContext): boolean;
}

const signedIn = (ctx: PageContext) => ctx.subject !== null;

/**
 * The main navigation, in order. The admin site (issue 11) adds its entry here: one list, so
 * every page shows the same sections.
 */
export const NAV_ITEMS: NavItem[] = [
  { href: '/experiments', label: 'Experiments', visible: (ctx) => signedIn(ctx) || ctx.anonymousRead },
  {
    href: '/experiments/new',
    label: 'New experiment',
    visible: (ctx) => viewerHas(ctx, 'batterydb.add_experiment'),
  },
  {
    href: '/publication-requests',
    label: 'Publication requests',
    visible: (ctx) => viewerHas(ctx, 'batterydb.change_experiment_status'),
  },
  {
    href: '/admin',
    label: 'Admin',
    visible: (ctx) => ctx.subject?.user.isStaff === true && ctx.subject.user.isActive,
  },
  // Released datasets (issue 26): for everyone, signed in or not.
  { href: '/datasets', label: 'Open data', visible: () => true },
  { href: '/api-docs', label: 'API', visible: () => true },
];

/** The item whose section the path is in: the longest matching prefix. */
export function currentItem(path: string): string | null {
  const matches = NAV_ITEMS.filter((i) => path === i.href || path.startsWith(`${i.href}/`));
  if (path === '/experiments/new') return '/experiments/new';
  return matches.sort((a, b) => b.href.length - a.href.length)[0]?.href ?? null;
}
