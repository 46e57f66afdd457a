import { useCallback, useEffect, useState } from 'react';

export type QueryState<T> =
  | { status: 'loading' }
  | { status: 'done'; data: T }
  | { status: 'failed'; error: unknown };

/** What useApiQuery answers: the state of the load, and a way to load again. */
export type ApiQuery<T> = QueryState<T> & { reload: () => void };

/**
 * Loads data for a page. `key` names what is loaded: when it changes, the page loads again and
 * answers that arrive for an older key are dropped.
 */
export function useApiQuery<T>(
  key: string,
  load: () => Promise<T>,
): ApiQuery<T> {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ key: string; attempt: number; value: QueryState<T> }>({
    key,
    attempt,
    value: { status: 'loading' },
  });

  useEffect(() => {
    let current = true;
    setState({ key, attempt, value: { status: 'loading' } });
    load().then(
      (data) => current && setState({ key, attempt, value: { status: 'done', data } }),
      (error: unknown) => current && setState({ key, attempt, value: { status: 'failed', error } }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `key` is what decides a reload.
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const stale = state.key !== key || state.attempt !== attempt;
  return { ...(stale ? { status: 'loading' as const } : state.value), reload };
}
