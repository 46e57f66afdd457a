import { useEffect, useState } from 'react';
import type { ImportJobRead } from '../../api/types';
import type { Api } from '../../lib/apiClient';
import { ApiError, SessionExpiredError } from '../../lib/problems';
import { loadJob } from './importsApi';
import { isFinished } from './summary';

export const POLL_MS = 1_000;

export interface JobWatch {
  job: ImportJobRead | null;
  /** The last failure to read the job; polling goes on through network blips. */
  error: unknown;
  /** Polling stopped for good (the job is not there, or not ours to see). */
  stopped: boolean;
}

function isFinal(error: unknown): boolean {
  return (
    error instanceof SessionExpiredError ||
    (error instanceof ApiError && (error.kind === 'notFound' || error.kind === 'forbidden' || error.kind === 'unauthorised'))
  );
}

/** Reads an import job every second until it has succeeded or failed. */
export function useImportJob(api: Api, jobId: number, initial: ImportJobRead | null): JobWatch {
  const [watch, setWatch] = useState<JobWatch & { id: number }>({
    id: jobId,
    job: initial?.id === jobId ? initial : null,
    error: null,
    stopped: false,
  });

  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    setWatch((w) => (w.id === jobId ? w : { id: jobId, job: initial?.id === jobId ? initial : null, error: null, stopped: false }));

    async function tick() {
      try {
        const job = await loadJob(api, jobId);
        if (cancelled) return;
        setWatch({ id: jobId, job, error: null, stopped: false });
        if (isFinished(job.status)) return;
      } catch (error) {
        if (cancelled) return;
        const stop = isFinal(error);
        setWatch((w) => ({ ...w, id: jobId, error, stopped: stop }));
        if (stop) return;
      }
      timer = window.setTimeout(tick, POLL_MS);
    }
    void tick();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
    // `initial` only seeds the first render for this job; the job id decides a restart.
  }, [api, jobId]);

  const current = watch.id === jobId ? watch : { job: null, error: null, stopped: false };
  return { job: current.job, error: current.error, stopped: current.stopped };
}
