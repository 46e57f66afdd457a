import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ClassRead, PupilRead, SchoolRead } from '../../api/types';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { homeSchoolId, mayReadPupils, seesCharacteristics } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { yearGroupLabel } from '../schools/format';
import { Select } from '../tracking/Controls';
import { CharacteristicBadges, Upn } from './PupilTags';
import { activeFilterCount, filtersToParams, parseFilters, toPupilQuery, type PupilFilters } from './filters';
import { legalNameIfDifferent, preferredName } from './format';
import { loadClasses, loadPupilsContext, loadPupilsPage, yearGroupOptions, type PupilsContext } from './pupilsApi';

export function PupilsPage() {
  const me = useMe();
  useDocumentTitle('Pupils');
  if (!mayReadPupils(me)) {
    return (
      <>
        <div className="page-header">
          <h1 className="page-header__title">Pupils</h1>
        </div>
        <ErrorPanel error={new ApiError('forbidden', 403, null)} />
      </>
    );
  }
  return <PupilsLoader />;
}

function PupilsLoader() {
  const api = useApi();
  const context = useApiQuery('pupils/context', () => loadPupilsContext(api));
  if (context.status === 'loading') {
    return (
      <>
        <Header />
        <Loading label="Loading pupils…" />
      </>
    );
  }
  if (context.status === 'failed') {
    return (
      <>
        <Header />
        <ErrorPanel error={context.error} onRetry={context.reload} />
      </>
    );
  }
  return <PupilsBrowser context={context.data} />;
}

function Header({ lead }: { lead?: string }) {
  return (
    <div className="page-header">
      <h1 className="page-header__title">Pupils</h1>
      {lead ? <p className="page-header__lead">{lead}</p> : null}
    </div>
  );
}

/** The school listed: the only one, the one chosen, or the person's own; null for all. */
function listedSchool(filters: PupilFilters, schools: readonly SchoolRead[], home: number | null): SchoolRead | null {
  if (schools.length === 1) return schools[0] ?? null;
  if (filters.school === 'all') return null;
  const wanted = filters.school ?? home;
  return schools.find((s) => s.id === wanted) ?? null;
}

function PupilsBrowser({ context }: { context: PupilsContext }) {
  const api = useApi();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters = parseFilters(params);
  const characteristics = seesCharacteristics(me);
  const school = listedSchool(filters, context.schools, homeSchoolId(me));
  const year = context.year?.code;

  const classes = useApiQuery(`pupils/classes/${school?.id ?? 'all'}/${year}`, () =>
    school ? loadClasses(api, school.id, year) : Promise.resolve(null),
  );
  const classList = classes.status === 'done' ? classes.data : null;
  const yearGroups = yearGroupOptions(context.yearGroups, school ? [school] : context.schools, classList);

  const query = toPupilQuery(filters, school?.id ?? null, characteristics);
  const list = usePagedQuery(`pupils/list/${year}/${JSON.stringify(query)}`, (cursor) =>
    loadPupilsPage(api, year, query, cursor),
  );

  const [draft, setDraft] = useState({ for: filters.q, text: filters.q });
  // A new search in the address (back button, a link) replaces what was typed.
  const text = draft.for === filters.q ? draft.text : filters.q;

  function apply(next: Partial<PupilFilters>) {
    setParams(filtersToParams({ ...filters, q: text, ...next }));
  }
  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply({ q: text.trim() });
  }

  const where = school ? school.name : context.schools.length > 1 ? 'all your schools' : null;
  const lead = [year ? `On roll in ${year}` : 'On roll this year', where].filter(Boolean).join(' · ');
  const showSchool = school === null && context.schools.length > 1;

  return (
    <>
      <Header lead={lead} />
      <form className="filters" role="search" aria-label="Pupils" onSubmit={onSearch}>
        <div className="filters__search">
          <label className="field__label" htmlFor="pupil-search">
            Search by name or UPN
          </label>
          <div className="search__row">
            <input
              id="pupil-search"
              className="field__input search__input"
              type="search"
              value={text}
              maxLength={100}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setDraft({ for: filters.q, text: e.target.value })}
            />
            <button className="button button--primary" type="submit">
              Search
            </button>
            {filters.q ? (
              <button
                className="button button--link"
                type="button"
                onClick={() => {
                  setDraft({ for: '', text: '' });
                  apply({ q: '' });
                }}
              >
                Clear search
              </button>
            ) : null}
          </div>
        </div>
        <div className="filters__grid">
          {context.schools.length > 1 ? (
            <Select
              id="filter-school"
              label="School"
              value={school ? String(school.id) : 'all'}
              onChange={(v) => apply({ school: v === 'all' ? 'all' : Number(v), classId: null, yearGroup: null })}
              options={[['all', 'All schools'], ...context.schools.map((s): [string, string] => [String(s.id), s.name])]}
            />
          ) : null}
          <Select
            id="filter-year-group"
            label="Year group"
            value={filters.yearGroup ?? ''}
            onChange={(v) => apply({ yearGroup: v || null })}
            options={[['', 'All year groups'], ...yearGroups.map((g): [string, string] => [g.code, yearGroupLabel(g.code)])]}
          />
          {school ? (
            <ClassSelect
              classes={classList}
              value={filters.classId}
              onChange={(classId) => apply({ classId })}
            />
          ) : null}
          {characteristics ? (
            <>
              <Select
                id="filter-disadvantaged"
                label="Disadvantaged"
                value={filters.disadvantaged === null ? '' : filters.disadvantaged ? 'yes' : 'no'}
                onChange={(v) => apply({ disadvantaged: v === '' ? null : v === 'yes' })}
                options={[
                  ['', 'Any'],
                  ['yes', 'Disadvantaged'],
                  ['no', 'Not disadvantaged'],
                ]}
              />
              <Select
                id="filter-sen"
                label="SEN"
                value={filters.sen ?? ''}
                onChange={(v) => apply({ sen: v === '' ? null : (v as PupilFilters['sen']) })}
                options={[
                  ['', 'Any'],
                  ['none', 'No SEN'],
                  ['sen_support', 'SEN support'],
                  ['ehc_plan', 'EHC plan'],
                ]}
              />
              <Select
                id="filter-eal"
                label="EAL"
                value={filters.eal === null ? '' : filters.eal ? 'yes' : 'no'}
                onChange={(v) => apply({ eal: v === '' ? null : v === 'yes' })}
                options={[
                  ['', 'Any'],
                  ['yes', 'EAL'],
                  ['no', 'Not EAL'],
                ]}
              />
            </>
          ) : null}
        </div>
        {activeFilterCount(filters) > 0 ? (
          <button
            className="button button--link filters__clear"
            type="button"
            onClick={() =>
              apply({ yearGroup: null, classId: null, disadvantaged: null, sen: null, eal: null })
            }
          >
            Clear filters
          </button>
        ) : null}
      </form>

      {list.status === 'loading' ? <Loading label="Loading pupils…" /> : null}
      {list.status === 'failed' ? <ErrorPanel error={list.error} onRetry={list.reload} /> : null}
      <p className="results-count" role="status">
        {list.status === 'done' ? countText(list.items.length, list.hasMore, filters.q) : ''}
      </p>
      {list.status === 'done' && list.items.length === 0 ? (
        <div className="panel">
          <p>
            {filters.q || activeFilterCount(filters)
              ? 'No pupils match this search and these filters.'
              : 'No pupils are on roll here this year.'}
          </p>
        </div>
      ) : null}
      {list.status === 'done' && list.items.length > 0 ? (
        <>
          <PupilsTable pupils={list.items} year={year} showSchool={showSchool} characteristics={characteristics} />
          {list.moreError ? (
            <p className="notice notice--error" role="alert">
              {userMessage(list.moreError)}
            </p>
          ) : null}
          {list.hasMore ? (
            <div className="load-more">
              <button
                className="button button--secondary"
                type="button"
                onClick={list.loadMore}
                aria-disabled={list.loadingMore}
              >
                {list.loadingMore ? 'Loading more pupils…' : 'Load more pupils'}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function countText(count: number, hasMore: boolean, q: string): string {
  const pupils = `${count} ${count === 1 ? 'pupil' : 'pupils'}`;
  const matching = q ? ` matching “${q}”` : '';
  return hasMore ? `Showing the first ${pupils}${matching}; there are more.` : `${pupils}${matching}.`;
}

function ClassSelect({
  classes,
  value,
  onChange,
}: {
  classes: ClassRead[] | null;
  value: number | null;
  onChange: (classId: number | null) => void;
}) {
  const options: [string, string][] = [['', classes ? 'All classes' : 'Loading classes…']];
  for (const c of classes ?? []) options.push([String(c.id), c.name]);
  return (
    <Select
      id="filter-class"
      label="Class"
      value={value === null ? '' : String(value)}
      onChange={(v) => onChange(v ? Number(v) : null)}
      options={options}
      disabled={!classes}
    />
  );
}

function PupilsTable({
  pupils,
  year,
  showSchool,
  characteristics,
}: {
  pupils: PupilRead[];
  year: string | undefined;
  showSchool: boolean;
  characteristics: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="table table--pupils">
        <caption className="visually-hidden">Pupils on roll in {year ?? 'this year'}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">UPN</th>
            <th scope="col">Year group</th>
            <th scope="col">Class</th>
            {showSchool ? <th scope="col">School</th> : null}
            {characteristics ? <th scope="col">Characteristics</th> : null}
          </tr>
        </thead>
        <tbody>
          {pupils.map((p) => {
            const legal = legalNameIfDifferent(p);
            return (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/pupils/${p.id}`}>{preferredName(p)}</Link>
                  {legal ? <span className="table__sub">Legal name: {legal}</span> : null}
                </th>
                <td>
                  <Upn upn={p.upn} temporary={p.upn_kind === 'temporary'} />
                </td>
                <td>{p.enrolment ? yearGroupLabel(p.enrolment.year_group) : '—'}</td>
                <td>{p.enrolment?.class_name ?? '—'}</td>
                {showSchool ? <td>{p.enrolment?.school_name ?? '—'}</td> : null}
                {characteristics ? (
                  <td>
                    <CharacteristicBadges characteristics={p.characteristics} />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
