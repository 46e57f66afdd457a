import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { seesWholeTrust } from '../auth/roles';
import { useApi, useMe } from '../auth/session';
import { phaseLabel } from './format';
import { loadSchools, type SchoolsList } from './schoolsApi';

export function SchoolsPage() {
  const api = useApi();
  const me = useMe();
  const wholeTrust = seesWholeTrust(me);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const query = useApiQuery(`schools?q=${q}`, () => loadSchools(api, q));
  const heading = wholeTrust ? 'Schools' : 'Your school';
  useDocumentTitle(heading);

  return (
    <>
      <div className="page-header">
        <h1 className="page-header__title">{heading}</h1>
        {query.status === 'done' ? <Summary list={query.data} wholeTrust={wholeTrust} q={q} /> : null}
      </div>
      {wholeTrust ? <SchoolSearch key={q} initial={q} onSearch={(next) => setParams(next ? { q: next } : {})} /> : null}
      {query.status === 'loading' ? <Loading label="Loading schools…" /> : null}
      {query.status === 'failed' ? <ErrorPanel error={query.error} onRetry={query.reload} /> : null}
      {query.status === 'done' ? <SchoolsTable list={query.data} q={q} /> : null}
    </>
  );
}

function Summary({ list, wholeTrust, q }: { list: SchoolsList; wholeTrust: boolean; q: string }) {
  if (!wholeTrust) return null;
  const count = `${list.schools.length} ${list.schools.length === 1 ? 'school' : 'schools'}`;
  const trusts = list.trusts.map((t) => t.name).join(', ');
  return (
    <p className="page-header__lead">
      {q ? `${count} matching “${q}”` : count}
      {trusts ? ` in ${trusts}` : ''}
    </p>
  );
}

function SchoolSearch({ initial, onSearch }: { initial: string; onSearch: (q: string) => void }) {
  const [value, setValue] = useState(initial);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(value.trim());
  }
  return (
    <form className="search" role="search" onSubmit={submit}>
      <label className="field__label" htmlFor="school-search">
        Find a school by name or URN
      </label>
      <div className="search__row">
        <input
          id="school-search"
          className="field__input search__input"
          type="search"
          value={value}
          maxLength={100}
          onChange={(e) => setValue(e.target.value)}
        />
        <button className="button button--secondary" type="submit">
          Search
        </button>
        {initial ? (
          <button
            className="button button--link"
            type="button"
            onClick={() => {
              setValue('');
              onSearch('');
            }}
          >
            Clear
          </button>
        ) : null}
      </div>
    </form>
  );
}

function SchoolsTable({ list, q }: { list: SchoolsList; q: string }) {
  const { schools, trusts } = list;
  if (schools.length === 0) {
    return (
      <div className="panel">
        <p>{q ? `No schools match “${q}”.` : 'You do not have access to any schools yet. Ask your trust or school administrator.'}</p>
      </div>
    );
  }
  const trustNames = new Map(trusts.map((t) => [t.id, t.name]));
  const showTrust = new Set(schools.map((s) => s.trust_id)).size > 1;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Schools you can see, by name</caption>
        <thead>
          <tr>
            <th scope="col">School</th>
            {showTrust ? <th scope="col">Trust</th> : null}
            <th scope="col">URN</th>
            <th scope="col">LAESTAB</th>
            <th scope="col">Phase</th>
          </tr>
        </thead>
        <tbody>
          {schools.map((school) => (
            <tr key={school.id}>
              <th scope="row">
                <Link to={`/schools/${school.id}`}>{school.name}</Link>
              </th>
              {showTrust ? <td>{trustNames.get(school.trust_id) ?? '—'}</td> : null}
              <td className="numeric">{school.urn}</td>
              <td className="numeric">{school.laestab}</td>
              <td>{phaseLabel(school.phase)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
