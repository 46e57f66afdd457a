import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { preferredName } from '../pupils/format';
import { loadPupilsById } from './trackingApi';

export interface CellChoice {
  title: string;
  pupilIds: number[];
  yearGroup?: string;
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
  useEffect(() => {
    heading.current?.focus();
  }, [cell]);

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
              <Link to={`/pupils/${p.id}`}>{p.name}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="button button--secondary" onClick={onClose}>
        Close the list
      </button>
    </section>
  );
}
