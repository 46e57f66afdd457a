import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { can, mayManageClients, mayManagePeople, mayReadPupils } from '../auth/permissions';
import { seesWholeSchool } from '../auth/roles';
import { useApi, useMe } from '../auth/session';
import { formatYearGroups, phaseLabel } from './format';
import { loadSchool, type SchoolDetail } from './schoolsApi';
import { SchoolAttention } from '../home/SchoolAttention';

const MAX_ID = 2_147_483_647;

function parseId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= MAX_ID ? id : null;
}

export function SchoolPage() {
  const api = useApi();
  const schoolId = parseId(useParams().schoolId);
  const query = useApiQuery(`school/${schoolId}`, () =>
    schoolId === null
      ? Promise.reject(new ApiError('notFound', 404, null))
      : loadSchool(api, schoolId),
  );
  const name = query.status === 'done' ? query.data.school.name : null;
  useDocumentTitle(query.status === 'failed' ? 'School not available' : (name ?? 'School'));

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/schools">Schools</Link>
          </li>
          <li aria-current="page">{name ?? 'School'}</li>
        </ol>
      </nav>
      {query.status === 'loading' ? <Loading label="Loading the school…" /> : null}
      {query.status === 'failed' ? (
        <>
          <h1 className="page-header__title">School not available</h1>
          <ErrorPanel error={query.error} onRetry={query.reload} />
        </>
      ) : null}
      {query.status === 'done' ? <SchoolView detail={query.data} /> : null}
    </>
  );
}

/** For those who lead or oversee the whole school, what needs attention there comes first: the
 * school page is its head teacher's home. */
function Attention({ schoolId }: { schoolId: number }) {
  const api = useApi();
  const home = useApiQuery(`school-home/${schoolId}`, () =>
    api.call((c) => c.GET('/api/v1/schools/{school_id}/home', { params: { path: { school_id: schoolId } } })),
  );
  if (home.status === 'loading') return <Loading label="Loading what needs attention…" />;
  if (home.status === 'failed') return <ErrorPanel error={home.error} onRetry={home.reload} />;
  return <SchoolAttention school={home.data} title="What needs attention" />;
}

function SchoolView({ detail }: { detail: SchoolDetail }) {
  const me = useMe();
  const { school, trust, year, classes } = detail;
  const ownClassesOnly = !seesWholeSchool(me, school);
  const yearName = year ? year.code : 'this year';

  return (
    <>
      <div className="page-header">
        <h1 className="page-header__title">{school.name}</h1>
        {trust ? <p className="page-header__lead">{trust.name}</p> : null}
      </div>

      {ownClassesOnly ? null : <Attention schoolId={school.id} />}

      {ownClassesOnly ? null : (
        <nav className="card" aria-labelledby="school-tracking">
          <h2 id="school-tracking" className="card__title">
            Tracking
          </h2>
          <ul>
            <li>
              <Link to={`/schools/${school.id}/tracking`}>Whole-school grid</Link>
            </li>
            <li>
              <Link to={`/schools/${school.id}/tracking/transition`}>Transition matrix</Link>
            </li>
            <li>
              <Link to={`/schools/${school.id}/tracking/gaps`}>Gaps</Link>
            </li>
            {mayReadPupils(me) ? (
              <>
                <li>
                  <Link to={`/schools/${school.id}/tracking/flags?flag=concerns`}>Pupil flags</Link>
                </li>
                <li>
                  <Link to={`/schools/${school.id}/tracking/mutes`}>Muted flags</Link>
                </li>
              </>
            ) : null}
            <li>
              <Link to={`/schools/${school.id}/tracking/target-groups`}>Target groups</Link>
            </li>
          </ul>
        </nav>
      )}

      {can(me, 'plans:read') ? (
        <nav className="card" aria-labelledby="school-plans">
          <h2 id="school-plans" className="card__title">
            Improvement
          </h2>
          <ul>
            <li>
              <Link to={`/schools/${school.id}/plans`}>Raising attainment plans</Link>
            </li>
            <li>
              <Link to={`/schools/${school.id}/maturity`}>Peer review and maturity</Link>
            </li>
            <li>
              <Link to={`/schools/${school.id}/category`}>Risk category</Link>
            </li>
            {mayReadPupils(me) ? (
              <>
                <li>
                  <Link to={`/schools/${school.id}/meetings`}>Pupil progress meetings</Link>
                </li>
                <li>
                  <Link to={`/schools/${school.id}/interventions`}>Interventions</Link>
                </li>
                <li>
                  <Link to={`/schools/${school.id}/monitoring`}>Monitoring</Link>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
      ) : null}

      {mayManageClients(me, school) || mayManagePeople(me, school) ? (
        <nav className="card" aria-labelledby="school-admin">
          <h2 id="school-admin" className="card__title">
            Administration
          </h2>
          <ul>
            {mayManagePeople(me, school) ? (
              <li>
                <Link to={`/schools/${school.id}/people`}>People</Link>
              </li>
            ) : null}
            {mayManageClients(me, school) ? (
              <li>
                <Link to={`/schools/${school.id}/clients`}>Data connections</Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}

      <section className="card" aria-labelledby="school-classes">
        <h2 id="school-classes" className="card__title">
          Classes in {yearName}
        </h2>
        {ownClassesOnly ? <p className="muted">You can see the classes you teach.</p> : null}
        {classes.length === 0 ? (
          <p>No classes have been set up for {yearName} yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">
                Classes at {school.name} in {yearName}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Class</th>
                  <th scope="col">Year groups</th>
                  <th scope="col">Teachers</th>
                </tr>
              </thead>
              <tbody>
                {classes.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name}</th>
                    <td>{formatYearGroups(c.year_groups)}</td>
                    <td>{c.teachers.length ? c.teachers.join(', ') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {classes.length > 0 && mayReadPupils(me) ? (
          <nav className="class-trackers" aria-label="Class trackers">
            <p>
              Class trackers:{' '}
              {classes.map((c, i) => (
                <span key={c.id}>
                  {i ? ', ' : ''}
                  <Link to={`/schools/${school.id}/classes/${c.id}/tracking`}>{c.name} tracker</Link>
                </span>
              ))}
            </p>
          </nav>
        ) : null}
      </section>

      <section className="card" aria-labelledby="school-details">
        <h2 id="school-details" className="card__title">
          Details
        </h2>
        <dl className="details">
          <div className="details__row">
            <dt>URN</dt>
            <dd className="numeric">{school.urn}</dd>
          </div>
          <div className="details__row">
            <dt>LAESTAB</dt>
            <dd className="numeric">{school.laestab}</dd>
          </div>
          <div className="details__row">
            <dt>Phase</dt>
            <dd>{phaseLabel(school.phase)}</dd>
          </div>
          {trust ? (
            <div className="details__row">
              <dt>Trust</dt>
              <dd>{trust.name}</dd>
            </div>
          ) : null}
        </dl>
      </section>
    </>
  );
}
