import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatYearGroups } from '../schools/format';
import { layoutTracker, type Chip } from './classTracker';
import { SubjectSelect } from './Controls';
import { FlagChip } from './FlagChip';
import { choicesToParams, parseChoices } from './params';
import { parseId } from './SchoolTracking';
import { loadClassTracker, loadSchoolContext } from './trackingApi';
import type { ClassTracker } from './types';
import './tracking.css';

export function ClassTrackerPage() {
  const api = useApi();
  const routeParams = useParams();
  const schoolId = parseId(routeParams.schoolId);
  const classId = parseId(routeParams.classId);
  const [params, setParams] = useSearchParams();
  const choices = parseChoices(params);
  const subject = choices.subject === 'combined' ? 'reading' : choices.subject;
  const context = useApiQuery(`tracking/school/${schoolId}`, () =>
    schoolId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadSchoolContext(api, schoolId),
  );
  const tracker = useApiQuery(`tracking/class/${classId}/${subject}`, () =>
    classId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadClassTracker(api, classId, subject),
  );
  const school = context.status === 'done' ? context.data.school : null;
  const schoolClass = context.status === 'done' ? context.data.classes.find((c) => c.id === classId) : undefined;
  const title = schoolClass ? `${schoolClass.name} tracker` : 'Class tracker';
  useDocumentTitle(title);

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/schools">Schools</Link>
          </li>
          <li>{school ? <Link to={`/schools/${school.id}`}>{school.name}</Link> : 'School'}</li>
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <div className="page-header">
        <h1 className="page-header__title">{title}</h1>
        {schoolClass ? <p className="page-header__lead">{formatYearGroups(schoolClass.year_groups)}</p> : null}
      </div>
      <form className="filters" aria-label="Class tracker" onSubmit={(e) => e.preventDefault()}>
        <div className="filters__grid">
          <SubjectSelect
            subjects={context.status === 'done' ? context.data.subjects : []}
            combined={false}
            value={subject}
            onChange={(next) => setParams(choicesToParams({ subject: next }))}
          />
        </div>
      </form>
      {tracker.status === 'loading' ? <Loading label="Loading the tracker…" /> : null}
      {tracker.status === 'failed' ? <ErrorPanel error={tracker.error} onRetry={tracker.reload} /> : null}
      {tracker.status === 'done' ? <TrackerTable tracker={tracker.data} className={schoolClass?.name ?? 'The class'} /> : null}
    </>
  );
}

function TrackerTable({ tracker, className }: { tracker: ClassTracker; className: string }) {
  const layout = layoutTracker(tracker);
  if (!tracker.pupils.length) {
    return (
      <div className="panel">
        <p>No pupils are on roll in this class.</p>
      </div>
    );
  }
  return (
    <>
      <p className="muted tracking-key">
        Each pupil sits in the row of their step at each point. A pupil marked “same step” has not moved since the
        point before; each pupil's progress flag is shown in words.
      </p>
      <div className="table-wrap">
        <table className="table class-tracker">
          <caption>
            {className}: {tracker.subject} steps at each point of {tracker.academic_year}
          </caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              {tracker.points.map((p) => (
                <th scope="col" key={p.id}>
                  {p.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {layout.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {tracker.points.map((p) => (
                  <td key={p.id}>
                    <Chips chips={layout.chips.get(row.key)?.get(p.id) ?? []} />
                  </td>
                ))}
              </tr>
            ))}
            <tr className="class-tracker__missing">
              <th scope="row">No result yet</th>
              {tracker.points.map((p) => {
                const missing = layout.missing.get(p.id) ?? [];
                return (
                  <td key={p.id}>
                    {missing.length === tracker.pupils.length ? (
                      <span className="muted">No results yet</span>
                    ) : (
                      <Chips chips={missing} plain />
                    )}
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}

function Chips({ chips, plain = false }: { chips: Chip[]; plain?: boolean }) {
  if (!chips.length) return null;
  return (
    <ul className="chips">
      {chips.map((chip) => (
        <li key={chip.pupilId} className={`chip${chip.unmoved ? ' chip--unmoved' : ''}`} data-pupil={chip.pupilId}>
          <Link to={`/pupils/${chip.pupilId}`}>{chip.name}</Link>
          {plain ? null : <FlagChip flag={chip.flag} />}
          {chip.unmoved ? <span className="chip__unmoved">same step</span> : null}
        </li>
      ))}
    </ul>
  );
}
