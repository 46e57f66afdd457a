import { useCallback, useEffect, useRef, useState } from 'react';

export interface CursorPage<T> {
  items: T[];
  next_cursor: string | null;
}

export type PagedState<T> =
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  | {
      status: 'done';
      items: T[];
      /** More pages to load ("Load more"). */
      hasMore: boolean;
      loadingMore: boolean;
      /** Why the last "Load more" failed; the rows already shown stay. */
      moreError: unknown;
    };

interface Internal<T> {
  key: string;
  attempt: number;
  value: PagedState<T>;
  cursor: string | null;
}

/**
 * A list read a page at a time with the API's `next_cursor`. `key` names what is listed (the
 * filters): when it changes the list starts again, and answers for an older key are dropped.
 */
export function usePagedQuery<T>(
  key: string,
  loadPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
): PagedState<T> & { reload: () => void; loadMore: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Internal<T>>({ key, attempt, value: { status: 'loading' }, cursor: null });
  const live = useRef({ key, attempt });
  live.current = { key, attempt };
  const loader = useRef(loadPage);
  loader.current = loadPage;

  useEffect(() => {
    let current = true;
    setState({ key, attempt, value: { status: 'loading' }, cursor: null });
    loader.current(undefined).then(
      (page) =>
        current &&
        setState({
          key,
          attempt,
          cursor: page.next_cursor,
          value: { status: 'done', items: page.items, hasMore: !!page.next_cursor, loadingMore: false, moreError: null },
        }),
      (error: unknown) => current && setState({ key, attempt, cursor: null, value: { status: 'failed', error } }),
    );
    return () => {
      current = false;
    };
  }, [key, attempt]);

  const loadMore = useCallback(() => {
    const from = state;
    if (from.value.status !== 'done' || from.value.loadingMore || !from.cursor) return;
    const done = from.value;
    const isCurrent = () => live.current.key === from.key && live.current.attempt === from.attempt;
    setState({ ...from, value: { ...done, loadingMore: true, moreError: null } });
    loader.current(from.cursor).then(
      (page) => {
        if (!isCurrent()) return;
        setState({
          ...from,
          cursor: page.next_cursor,
          value: { ...done, items: [...done.items, ...page.items], hasMore: !!page.next_cursor, loadingMore: false, moreError: null },
        });
      },
      (error: unknown) => {
        if (!isCurrent()) return;
        setState({ ...from, value: { ...done, loadingMore: false, moreError: error } });
      },
    );
  }, [state]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const stale = state.key !== key || state.attempt !== attempt;
  return { ...(stale ? { status: 'loading' as const } : state.value), reload, loadMore };
}
