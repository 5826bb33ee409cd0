import type { PageContext } from '../page-context.ts';
import { Page } from './page.tsx';

const HEADINGS: Record<number, string> = {
  400: 'That did not work',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Not allowed here',
  409: 'Conflict',
  413: 'Too large',
  429: 'Too many attempts',
  503: 'Unavailable',
};

/**
 * An error as a page: the same status and words as the API's problem for the same request
 * (a private experiment of someone else is "not found", never "forbidden").
 */
export function ErrorPage({
  ctx,
  status,
  detail,
  help = null,
}: {
  ctx: PageContext;
  status: number;
  detail: string;
  /** What to do about it (a 403: who may, and whom to ask). */
  help?: string | null;
}) {
  const heading = HEADINGS[status] ?? 'Something went wrong';
  const why = `${detail.charAt(0).toUpperCase()}${detail.slice(1)}${/[.!?]$/.test(detail) ? '' : '.'}`;
  return (
    <Page ctx={ctx} title={heading}>
      <section class="error-page">
        <h1>{heading}</h1>
        <p class="error-status">Error {status}</p>
        <p>{why}</p>
        {help ? <p>{help}</p> : null}
        <p>
          <a href="/experiments">Back to the experiments</a>
        </p>
      </section>
    </Page>
  );
}
