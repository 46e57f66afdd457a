import type { MuteProblem } from './mutes';

/** Why a mute or unmute was refused, and a way to reload the list when it is out of date. */
export function MuteProblemNotice({ problem, onReload }: { problem: MuteProblem | null; onReload: () => void }) {
  if (!problem?.message) return null;
  return (
    <div className="notice notice--error mute-problem" role="alert">
      <p>{problem.message}</p>
      {problem.stale ? (
        <button type="button" className="button button--secondary" onClick={onReload}>
          Reload the list
        </button>
      ) : null}
    </div>
  );
}
