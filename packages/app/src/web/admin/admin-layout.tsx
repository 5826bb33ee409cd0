import type { ComponentChildren } from 'preact';
import { Page } from '../layout/page.tsx';
import { type PageContext, viewerHas } from '../page-context.ts';

/** The admin site's sections, each shown to the viewers its pages are for (the server decides again). */
export const ADMIN_SECTIONS = [
  { href: '/admin/users', label: 'Users', visible: (ctx: PageContext) => viewerHas(ctx, 'auth.view_user') },
  {
    href: '/admin/groups',
    label: 'Groups and roles',
    visible: (ctx: PageContext) => viewerHas(ctx, 'auth.view_group'),
  },
  {
    href: '/admin/audit',
    label: 'Audit log',
    visible: (ctx: PageContext) => viewerHas(ctx, 'auth.view_user'),
  },
] as const;

export interface Crumb {
  href: string;
  label: string;
}

/**
 * An admin page: the site's shell, the admin's own section navigation and a breadcrumb trail,
 * and the admin stylesheet. Type-ahead for names comes from the sharing pages' script.
 */
export function AdminPage(props: {
  ctx: PageContext;
  title: string;
  crumbs?: Crumb[];
  scripts?: string[];
  children: ComponentChildren;
}) {
  const { ctx } = props;
  const sections = ADMIN_SECTIONS.filter((s) => s.visible(ctx));
  return (
    <Page ctx={ctx} title={`${props.title} · Admin`} styles={['admin.css']} scripts={props.scripts ?? []}>
      <nav class="admin-nav" aria-label="Admin">
        <a href="/admin" class="admin-home" aria-current={ctx.path === '/admin' ? 'page' : undefined}>
          Admin
        </a>
        <ul>
          {sections.map((s) => (
            <li key={s.href}>
              <a
                href={s.href}
                aria-current={ctx.path === s.href || ctx.path.startsWith(`${s.href}/`) ? 'page' : undefined}
              >
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.crumbs?.length ? (
        <nav class="breadcrumbs" aria-label="Breadcrumbs">
          <ol>
            {props.crumbs.map((c) => (
              <li key={c.href}>
                <a href={c.href}>{c.label}</a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      {props.children}
    </Page>
  );
}

/** A control the viewer may not use: absent, and this says why (the policy's own words). */
export function Reason({ children }: { children: ComponentChildren }) {
  return <p class="reason">{children}</p>;
}
