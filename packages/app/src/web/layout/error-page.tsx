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
export function ErrorPage({ ctx, status, detail }: { ctx: PageContext; status: number; detail: string }) {
  const heading = HEADINGS[status] ?? 'Something went wrong';
  return (
    <Page ctx={ctx} title={heading}>
      <section class="error-page">
        <h1>{heading}</h1>
        <p class="error-status">Error {status}</p>
        <p>{detail}</p>
        <p>
          <a href="/experiments">Back to the experiments</a>
        </p>
      </section>
    </Page>
  );
}
