/**
 * Last-seen bookkeeping (sessions' idle limit, tokens' "last used") must not fail the request it
 * rides on. On SQLite a long import holds the one write lock for a minute or more; a touch that
 * waited out the busy timeout is skipped — the next request touches again — instead of turning a
 * read into a 500. Any other error is a real fault and propagates.
 */
export async function touchLastSeen(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
  }
}
