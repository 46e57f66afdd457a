import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CharacteristicsRead, PupilDetail } from '../../api/types';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { saveBlob } from '../../lib/download';
import { ApiError, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { mayReadPupils } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { yearGroupLabel } from '../schools/format';
import { AssessmentChart } from './AssessmentChart';
import { resultsBySubject } from './chart';
import { formatDate, genderLabel, legalName, preferredName, senLabel, yesNo } from './format';
import { CharacteristicBadges, Upn } from './PupilTags';
import { loadPupil, type PupilRecord } from './pupilsApi';
import { startingPoints, trackedResults, type StartingPoint } from './startingPoints';

const MAX_ID = 2_147_483_647;

function parseId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= MAX_ID ? id : null;
}

export function PupilPage() {
  const api = useApi();
  const me = useMe();
  const pupilId = parseId(useParams().pupilId);
  const allowed = mayReadPupils(me);
  const query = useApiQuery(`pupil/${pupilId}/${allowed}`, () => {
    if (!allowed) return Promise.reject(new ApiError('forbidden', 403, null));
    if (pupilId === null) return Promise.reject(new ApiError('notFound', 404, null));
    return loadPupil(api, pupilId);
  });
  const name = query.status === 'done' ? preferredName(query.data.pupil) : null;
  useDocumentTitle(query.status === 'failed' ? 'Pupil not available' : (name ?? 'Pupil'));

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>{allowed ? <Link to="/pupils">Pupils</Link> : 'Pupils'}</li>
          <li aria-current="page">{name ?? 'Pupil'}</li>
        </ol>
      </nav>
      {query.status === 'loading' ? <Loading label="Loading the pupil…" /> : null}
      {query.status === 'failed' ? (
        <>
          <h1 className="page-header__title">Pupil not available</h1>
          <ErrorPanel error={query.error} onRetry={query.reload} />
        </>
      ) : null}
      {query.status === 'done' ? <PupilView record={query.data} /> : null}
    </>
  );
}

/** A subject access request answered in one download; offered to everyone, refused by the
 * server (with why) to those who may not make it. */
function SubjectAccess({ pupilId }: { pupilId: number }) {
  const api = useApi();
  const [problem, setProblem] = useState<string | null>(null);
  async function download() {
    setProblem(null);
    try {
      const blob = await api.call((c) =>
        c.GET('/api/v1/pupils/{pupil_id}/export', { params: { path: { pupil_id: pupilId } }, parseAs: 'blob' }),
      );
      saveBlob(`pupil-${pupilId}-subject-access.zip`, blob as unknown as Blob);
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  return (
    <p className="no-print">
      <button type="button" className="button button--link" onClick={() => void download()}>
        Download everything held about this pupil (subject access request)
      </button>
      {problem ? (
        <span className="field__error" role="alert">
          {' '}
          {problem}
        </span>
      ) : null}
    </p>
  );
}

function PupilView({ record }: { record: PupilRecord }) {
  const { pupil, results } = record;
  const subjectNames = new Map(record.subjects.map((s) => [s.code, s.name]));
  const current = pupil.enrolment;
  const lead = current
    ? [yearGroupLabel(current.year_group), current.class_name, current.school_name].filter(Boolean).join(' · ')
    : 'Not on roll this year';
  const preferred = preferredName(pupil);
  const legal = legalName(pupil);
  const subjects = resultsBySubject(
    trackedResults(results),
    record.subjects.map((s) => s.code),
  );
  const starts = startingPoints(results);

  return (
    <>
      <div className="page-header">
        <h1 className="page-header__title">{preferred}</h1>
        <p className="page-header__lead">{lead}</p>
      </div>
      <SubjectAccess pupilId={pupil.id} />

      <div className="pupil-summary">
        <section className="card" aria-labelledby="pupil-details">
          <h2 id="pupil-details" className="card__title">
            Details
          </h2>
          <dl className="details details--compact">
            <div className="details__row">
              <dt>Legal name</dt>
              <dd>{legal}</dd>
            </div>
            {preferred !== legal ? (
              <div className="details__row">
                <dt>Preferred name</dt>
                <dd>{preferred}</dd>
              </div>
            ) : null}
            <div className="details__row">
              <dt>Date of birth</dt>
              <dd>{formatDate(pupil.date_of_birth)}</dd>
            </div>
            <div className="details__row">
              <dt>Gender</dt>
              <dd>{genderLabel(pupil.gender)}</dd>
            </div>
            <div className="details__row">
              <dt>UPN</dt>
              <dd>
                <Upn upn={pupil.upn} temporary={pupil.upn_kind === 'temporary'} />
              </dd>
            </div>
            {pupil.characteristics_by_year !== null ? (
              <div className="details__row">
                <dt>This year</dt>
                <dd>
                  <CharacteristicBadges characteristics={pupil.characteristics} />
                </dd>
              </div>
            ) : null}
          </dl>
        </section>

        <section className="card" aria-labelledby="pupil-enrolments">
          <h2 id="pupil-enrolments" className="card__title">
            Enrolment history
          </h2>
          <Enrolments pupil={pupil} />
        </section>
      </div>

      <section className="card" aria-labelledby="pupil-assessments">
        <h2 id="pupil-assessments" className="card__title">
          Assessment history
        </h2>
        {subjects.length === 0 ? (
          <p>No assessment results have been recorded for {preferred} yet.</p>
        ) : (
          <>
            <p className="muted card__lead">
              Each chart shows the step reached at each assessment point; higher is further on. Hover over a point
              for its step, or open the table under a chart.
            </p>
            <div className="charts">
              {subjects.map((s) => (
                <AssessmentChart
                  key={s.subject}
                  subject={s.subject}
                  name={subjectNames.get(s.subject)}
                  results={s.results}
                />
              ))}
            </div>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="pupil-interventions">
        <h2 id="pupil-interventions" className="card__title">
          Interventions
        </h2>
        {record.interventions.length === 0 ? (
          <p>{preferred} has not been in an intervention at a school you can see.</p>
        ) : (
          <ul>
            {record.interventions.map((i) => (
              <li key={i.id}>
                <Link to={`/interventions/${i.id}`}>{i.name}</Link> — {i.subject}, {i.wave === 'group' ? 'Wave 2 (group)' : 'Wave 3 (individual)'},{' '}
                {formatDate(i.starts_on, 'short')} to {formatDate(i.ends_on, 'short')}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="pupil-starting-points">
        <h2 id="pupil-starting-points" className="card__title">
          Starting points
        </h2>
        <StartingPoints rows={starts} name={preferred} />
      </section>

      {pupil.characteristics_by_year !== null ? (
        <section className="card" aria-labelledby="pupil-characteristics">
          <h2 id="pupil-characteristics" className="card__title">
            Characteristics by year
          </h2>
          <Characteristics years={pupil.characteristics_by_year} />
        </section>
      ) : null}
    </>
  );
}

function StartingPoints({ rows, name }: { rows: StartingPoint[]; name: string }) {
  if (!rows.length) return <p>No statutory assessment results (EYFS profile, phonics check, KS1, MTC) for {name} yet.</p>;
  return (
    <>
      <p className="muted card__lead">
        The national statutory assessments, whichever school recorded them: where {name} started from.
      </p>
      <div className="table-wrap">
        <table className="table table--compact">
          <caption className="visually-hidden">Statutory assessment results, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Assessment</th>
              <th scope="col">Year</th>
              <th scope="col">Subject</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.assessment}</th>
                <td className="numeric">{r.academicYear}</td>
                <td>{r.subject}</td>
                <td>{r.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Enrolments({ pupil }: { pupil: PupilDetail }) {
  if (!pupil.enrolments.length) return <p>No enrolments you can see.</p>;
  return (
    <div className="table-wrap">
      <table className="table table--compact">
        <caption className="visually-hidden">Enrolments, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Year</th>
            <th scope="col">School</th>
            <th scope="col">Year group</th>
            <th scope="col">Class</th>
          </tr>
        </thead>
        <tbody>
          {pupil.enrolments.map((e) => (
            <tr key={`${e.academic_year}-${e.school_id}`}>
              <th scope="row" className="numeric">
                {e.academic_year}
              </th>
              <td>{e.school_name}</td>
              <td>{yearGroupLabel(e.year_group)}</td>
              <td>{e.class_name ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Characteristics({ years }: { years: CharacteristicsRead[] }) {
  if (!years.length) return <p>No characteristics have been recorded.</p>;
  return (
    <div className="table-wrap">
      <table className="table table--compact">
        <caption className="visually-hidden">Characteristics in each academic year, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Year</th>
            <th scope="col">Disadvantaged</th>
            <th scope="col">FSM</th>
            <th scope="col">Ever 6 FSM</th>
            <th scope="col">Pupil premium</th>
            <th scope="col">EAL</th>
            <th scope="col">SEN</th>
            <th scope="col">Looked after</th>
            <th scope="col">More able</th>
          </tr>
        </thead>
        <tbody>
          {years.map((c) => (
            <tr key={c.academic_year}>
              <th scope="row" className="numeric">
                {c.academic_year}
              </th>
              <td>{yesNo(c.disadvantaged)}</td>
              <td>{yesNo(c.fsm)}</td>
              <td>{yesNo(c.ever6_fsm)}</td>
              <td>{yesNo(c.pupil_premium)}</td>
              <td>{yesNo(c.eal)}</td>
              <td>{senLabel(c.sen_status)}</td>
              <td>{yesNo(c.looked_after)}</td>
              <td>{yesNo(c.more_able)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
