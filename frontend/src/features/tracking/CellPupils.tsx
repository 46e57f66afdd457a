import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { preferredName } from '../pupils/format';
import { startLink } from '../interventions/interventionsApi';
import { loadPupilsById } from './trackingApi';

export interface CellChoice {
  title: string;
  pupilIds: number[];
  yearGroup?: string;
  /** The subject the cell is about, which an intervention started from it is in. */
  subject?: string;
}

/** The pupils behind a clicked cell, named, each linking to their page. Takes focus when shown. */
export function CellPupils({
  schoolId,
  academicYear,
  cell,
  onClose,
}: {
  schoolId: number;
  academicYear: string;
  cell: CellChoice;
  onClose: () => void;
}) {
  const api = useApi();
  const heading = useRef<HTMLHeadingElement>(null);
  const pupils = useApiQuery(`tracking/pupils/${schoolId}/${academicYear}/${cell.yearGroup ?? 'all'}`, () =>
    loadPupilsById(api, schoolId, academicYear, cell.yearGroup),
  );
  const [left, setLeft] = useState<ReadonlySet<number>>(new Set());
  useEffect(() => {
    heading.current?.focus();
    setLeft(new Set());
  }, [cell]);
  const chosen = cell.pupilIds.filter((id) => !left.has(id));

  const named =
    pupils.status === 'done'
      ? cell.pupilIds
          .map((id) => {
            const pupil = pupils.data.get(id);
            return { id, name: pupil ? preferredName(pupil) : `Pupil ${id}` };
          })
          .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
      : [];

  return (
    <section className="card cell-pupils" aria-labelledby="cell-pupils-title">
      <h2 id="cell-pupils-title" className="card__title" tabIndex={-1} ref={heading}>
        {cell.title}
      </h2>
      {pupils.status === 'loading' ? <Loading label="Loading the pupils…" /> : null}
      {pupils.status === 'failed' ? <ErrorPanel error={pupils.error} onRetry={pupils.reload} /> : null}
      {pupils.status === 'done' ? (
        <ul className="cell-pupils__list">
          {named.map((p) => (
            <li key={p.id}>
              <input
                type="checkbox"
                aria-label={`Choose ${p.name}`}
                checked={!left.has(p.id)}
                onChange={(e) => {
                  const next = new Set(left);
                  if (e.target.checked) next.delete(p.id);
                  else next.add(p.id);
                  setLeft(next);
                }}
              />{' '}
              <Link to={`/pupils/${p.id}`}>{p.name}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {pupils.status === 'done' && chosen.length ? (
        <p>
          <Link className="button button--primary" to={startLink(schoolId, chosen, cell.subject ?? 'reading')}>
            Start an intervention for {chosen.length} chosen {chosen.length === 1 ? 'pupil' : 'pupils'}
          </Link>
        </p>
      ) : null}
      <button type="button" className="button button--secondary" onClick={onClose}>
        Close the list
      </button>
    </section>
  );
}
