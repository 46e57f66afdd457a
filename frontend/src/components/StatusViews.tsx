import { MESSAGES, SessionExpiredError, userMessage, ApiError } from '../lib/problems';

export function Loading({ label }: { label: string }) {
  return (
    <p className="loading" role="status">
      <span className="loading__spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

const HEADINGS: Partial<Record<ApiError['kind'], string>> = {
  forbidden: 'No permission',
  notFound: 'Not found',
  unreachable: 'Cannot reach Termwise',
};

/** An error in place of a page's content, with a way to try again where that can help. */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof SessionExpiredError) {
    // The session provider is already taking the person back to sign-in.
    return <Loading label={MESSAGES.sessionExpired} />;
  }
  const kind = error instanceof ApiError ? error.kind : 'unexpected';
  const heading = HEADINGS[kind] ?? 'Something went wrong';
  const retryable = kind === 'unreachable' || kind === 'unexpected';
  return (
    <div className="panel panel--error" role="alert">
      <h2 className="panel__title">{heading}</h2>
      <p>{userMessage(error)}</p>
      {retryable && onRetry ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
