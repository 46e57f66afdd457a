import type { ReactNode } from 'react';
import { Link, NavLink, useParams, useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { loadSchoolContext, type SchoolContext } from './trackingApi';
import './tracking.css';

export const VIEWS = [
  { path: '', title: 'Whole-school grid' },
  { path: 'transition', title: 'Transition matrix' },
  { path: 'gaps', title: 'Gaps' },
  { path: 'flags', title: 'Pupil flags' },
  { path: 'mutes', title: 'Muted flags' },
  { path: 'target-groups', title: 'Target groups' },
] as const;

export type View = (typeof VIEWS)[number]['path'];

export function parseId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= 2_147_483_647 ? id : null;
}

/** The frame of a school's tracking pages: breadcrumbs, heading, the views, then the view. */
export function SchoolTracking({ view, children }: { view: View; children: (context: SchoolContext) => ReactNode }) {
  const api = useApi();
  const schoolId = parseId(useParams().schoolId);
  const [params] = useSearchParams();
  const title = VIEWS.find((v) => v.path === view)?.title ?? 'Tracking';
  const context = useApiQuery(`tracking/school/${schoolId}`, () =>
    schoolId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadSchoolContext(api, schoolId),
  );
  const school = context.status === 'done' ? context.data.school : null;
  useDocumentTitle(school ? `${title} – ${school.name}` : title);
  // The subject carries over between views.
  const subject = params.get('subject');
  const carry = subject && subject !== 'combined' ? `?subject=${encodeURIComponent(subject)}` : '';

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/schools">Schools</Link>
          </li>
          <li>{schoolId && school ? <Link to={`/schools/${schoolId}`}>{school.name}</Link> : 'School'}</li>
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <div className="page-header">
        <h1 className="page-header__title">{title}</h1>
        {school ? <p className="page-header__lead">{school.name}</p> : null}
      </div>
      {schoolId ? (
        <nav className="tracking-views" aria-label="Tracking views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.path}>
                <NavLink end={v.path === ''} to={`/schools/${schoolId}/tracking${v.path ? `/${v.path}` : ''}${carry}`}>
                  {v.title}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {context.status === 'loading' ? <Loading label="Loading the school…" /> : null}
      {context.status === 'failed' ? <ErrorPanel error={context.error} onRetry={context.reload} /> : null}
      {context.status === 'done' ? children(context.data) : null}
    </>
  );
}
