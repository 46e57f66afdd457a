import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ImportJobRead, SchoolRead } from '../../api/types';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { saveTextFile } from '../../lib/download';
import { ApiError, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { homeSchoolId, importSchools, mayImport } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { ImportJobView } from './ImportJobView';
import { loadSchools, loadTemplate, type TemplateKind } from './importsApi';
import { RecentImports } from './RecentImports';
import { UploadForm } from './UploadForm';

const MAX_ID = 2_147_483_647;

function parseId(raw: string | null): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= MAX_ID ? id : null;
}

function Header() {
  return (
    <div className="page-header">
      <h1 className="page-header__title">Import data</h1>
      <p className="page-header__lead">
        Pupils and assessment results from a Termwise CSV template, a Common Transfer File or a OneRoster export.
      </p>
    </div>
  );
}

export function ImportPage() {
  const me = useMe();
  useDocumentTitle('Import data');
  if (!mayImport(me)) {
    return (
      <>
        <div className="page-header">
          <h1 className="page-header__title">Import data</h1>
        </div>
        <ErrorPanel error={new ApiError('forbidden', 403, null)} />
      </>
    );
  }
  return <ImportLoader />;
}

function ImportLoader() {
  const api = useApi();
  const me = useMe();
  const schools = useApiQuery('imports/schools', () => loadSchools(api));
  if (schools.status === 'loading') {
    return (
      <>
        <Header />
        <Loading label="Loading your schools…" />
      </>
    );
  }
  if (schools.status === 'failed') {
    return (
      <>
        <Header />
        <ErrorPanel error={schools.error} onRetry={schools.reload} />
      </>
    );
  }
  const allowed = importSchools(me, schools.data);
  if (!allowed.length) {
    return (
      <>
        <Header />
        <div className="panel">
          <p>There is no school you may import data for.</p>
        </div>
      </>
    );
  }
  return <Importer schools={allowed} />;
}

function Importer({ schools }: { schools: SchoolRead[] }) {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const wanted = parseId(params.get('school')) ?? homeSchoolId(me);
  const school = schools.find((s) => s.id === wanted) ?? schools[0]!;
  const jobId = parseId(params.get('job'));
  const [started, setStarted] = useState<ImportJobRead | null>(null);
  const [finishedCount, setFinishedCount] = useState(0);

  function chooseSchool(id: number) {
    setParams({ school: String(id) });
  }
  function onStarted(job: ImportJobRead) {
    setStarted(job);
    setParams({ school: String(job.school_id), job: String(job.id) });
  }

  return (
    <>
      <Header />
      <div className="import-layout">
        <UploadForm schools={schools} school={school} onSchool={chooseSchool} onStarted={onStarted} />
        <Templates />
      </div>
      {jobId !== null ? (
        <ImportJobView
          key={jobId}
          jobId={jobId}
          initial={started}
          onFinished={() => setFinishedCount((n) => n + 1)}
          onClose={() => setParams({ school: String(school.id) })}
        />
      ) : null}
      <RecentImports school={school} refresh={finishedCount} currentJobId={jobId} />
    </>
  );
}

const TEMPLATES: { kind: TemplateKind; text: string }[] = [
  {
    kind: 'pupils',
    text: 'Names, date of birth, gender and UPN; year group, class and characteristics for a year.',
  },
  {
    kind: 'results',
    text: 'One row per pupil, subject and assessment point: a step code, a score or a reason for no result.',
  },
];

function Templates() {
  const api = useApi();
  const [busy, setBusy] = useState<TemplateKind | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function download(kind: TemplateKind) {
    if (busy) return;
    setBusy(kind);
    setError(null);
    try {
      saveTextFile(`termwise-${kind}.csv`, await loadTemplate(api, kind));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card templates" aria-labelledby="import-templates">
      <h2 id="import-templates" className="card__title">
        CSV templates
      </h2>
      <p className="muted">
        Start from a template: keep its header row. Termwise tells a pupils file from a results file by its header.
      </p>
      <ul className="templates__list">
        {TEMPLATES.map((t) => (
          <li key={t.kind} className="templates__item">
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void download(t.kind)}
              aria-disabled={busy === t.kind}
            >
              {busy === t.kind ? 'Downloading…' : `Download the ${t.kind} template`}
            </button>
            <p className="templates__text">{t.text}</p>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="notice notice--error" role="alert">
          {userMessage(error)}
        </p>
      ) : null}
    </section>
  );
}
