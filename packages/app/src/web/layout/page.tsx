import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page-context.ts';
import { CsrfField } from '../forms/fields.tsx';
import { currentItem, NAV_ITEMS } from './nav-items.ts';
import { assetHref } from '../assets/asset-manifest.ts';

export interface PageProps {
  ctx: PageContext;
  title: string;
  /** Client scripts of this page, by file name under /assets/js/ (ES modules, deferred). */
  scripts?: string[];
  /** uPlot's script and stylesheet, for pages with plots. */
  plots?: boolean;
  /** Stylesheets of this page beside app.css, by file name under /assets/css/. */
  styles?: string[];
  children: ComponentChildren;
}

function Header({ ctx }: { ctx: PageContext }) {
  const current = currentItem(ctx.path);
  return (
    <header class="site-header">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <a class="brand" href="/">
        BatteryDB
      </a>
      <nav aria-label="Main">
        <ul class="nav-list">
          {NAV_ITEMS.filter((item) => item.visible(ctx)).map((item) => (
            <li key={item.href}>
              <a href={item.href} aria-current={item.href === current ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="account-box">
        {ctx.subject ? (
          <>
            <a href="/account" aria-current={ctx.path === '/account' ? 'page' : undefined}>
              {ctx.subject.user.username}
            </a>
            <form method="post" action="/sign-out" class="inline-form">
              <CsrfField token={ctx.csrfToken} />
              <button type="submit" class="link-button">
                Sign out
              </button>
            </form>
          </>
        ) : (
          <a href="/sign-in">Sign in</a>
        )}
      </div>
    </header>
  );
}

/**
 * The page shell: no inline script or style anywhere (the CSP forbids both), scripts as
 * deferred modules from /assets, the CSRF token in a meta tag for the scripts' `fetch`.
 */
export function Page({ ctx, title, scripts = [], plots = false, styles = [], children }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* No favicon request (and no 404 on the console): an empty icon. */}
        <link rel="icon" href="data:," />
        <title>{`${title} · BatteryDB`}</title>
        {ctx.csrfToken ? <meta name="csrf-token" content={ctx.csrfToken} /> : null}
        {plots ? <link rel="stylesheet" href={assetHref('vendor/uPlot.min.css')} /> : null}
        <link rel="stylesheet" href={assetHref('css/app.css')} />
        {styles.map((name) => (
          <link key={name} rel="stylesheet" href={assetHref(`css/${name}`)} />
        ))}
        {plots ? <script src={assetHref('vendor/uPlot.iife.min.js')} defer /> : null}
        {scripts.map((name) => (
          <script key={name} type="module" src={assetHref(`js/${name}`)} />
        ))}
      </head>
      <body>
        <Header ctx={ctx} />
        <main id="main" tabIndex={-1}>
          {ctx.flash ? (
            <p class={`flash flash-${ctx.flash.kind}`} role={ctx.flash.kind === 'error' ? 'alert' : 'status'}>
              {ctx.flash.text}
            </p>
          ) : null}
          {children}
        </main>
      </body>
    </html>
  );
}
