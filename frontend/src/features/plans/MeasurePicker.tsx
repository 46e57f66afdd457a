import { useEffect, useState } from 'react';
import type { components } from '../../api/schema';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { allPages, PAGE_SIZE } from '../../lib/allPages';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { yearGroupLabel } from '../schools/format';
import { CellPupils } from '../tracking/CellPupils';
import { figure } from './format';
import { loadCatalogue, previewMeasure, type MeasureInfo } from './plansApi';

type Subgroup = components['schemas']['Subgroup'];
type AssessmentPoint = components['schemas']['termwise__assessment__schemas__PointRead'];

export interface Binding {
  code: string;
  subject: string;
  yearGroups: string[];
  subgroup: Subgroup | null;
  targetGroupId: number | null;
  pointId: number;
}

const SUBGROUPS: [Subgroup, string][] = [
  ['disadvantaged', 'Disadvantaged'],
  ['girls', 'Girls'],
  ['boys', 'Boys'],
  ['sen', 'SEN'],
  ['eal', 'EAL'],
  ['looked_after', 'Looked after'],
  ['more_able', 'More able'],
];

function ordered(codes: Iterable<string>): string[] {
  const rank = (c: string) => (c === 'N' ? -1 : c === 'R' ? 0 : Number(c.slice(1)) || 99);
  return [...new Set(codes)].sort((a, b) => rank(a) - rank(b));
}

/** Choose a measure, its cohort, subject and the point its target is for; the figure the
 * tracker gives for that cohort now is shown as the choice is made. */
export function MeasurePicker({
  schoolId,
  academicYear,
  points,
  errors,
  onChange,
}: {
  schoolId: number;
  academicYear: string;
  points: AssessmentPoint[];
  errors: Record<string, string>;
  onChange: (binding: Binding | null) => void;
}) {
  const api = useApi();
  const catalogue = useApiQuery('plans/catalogue', () => loadCatalogue(api));
  const subjects = useApiQuery('plans/subjects', () => api.call((c) => c.GET('/api/v1/subjects')));
  const yearGroups = useApiQuery(`plans/year-groups/${schoolId}`, async () => {
    const classes = await allPages((cursor) =>
      api.call((c) =>
        c.GET('/api/v1/schools/{school_id}/classes', { params: { path: { school_id: schoolId }, query: { limit: PAGE_SIZE, cursor } } }),
      ),
    );
    return ordered(classes.flatMap((c) => c.year_groups));
  });
  const groups = useApiQuery(`plans/target-groups/${schoolId}/${academicYear}`, () =>
    allPages((cursor) =>
      api.call((c) =>
        c.GET('/api/v1/schools/{school_id}/target-groups', {
          params: { path: { school_id: schoolId }, query: { academic_year: academicYear, limit: PAGE_SIZE, cursor } },
        }),
      ),
    ),
  );
  const termly = points.filter((p) => ['aut', 'spr', 'sum'].includes(p.slot));
  const [code, setCode] = useState('pct_at_are');
  const [subject, setSubject] = useState('reading');
  const [chosenYears, setChosenYears] = useState<string[]>([]);
  const [subgroup, setSubgroup] = useState<Subgroup | ''>('');
  const [pointId, setPointId] = useState<number | null>(termly.at(-1)?.id ?? null);
  const [groupId, setGroupId] = useState<number | null>(null);

  const measure: MeasureInfo | undefined = catalogue.status === 'done' ? catalogue.data.find((m) => m.code === code) : undefined;
  const needsSubgroup = measure?.needs.includes('subgroup') ?? false;
  const needsGroup = measure?.needs.includes('target_group') ?? false;
  const binding: Binding | null =
    pointId && (!needsSubgroup || subgroup) && (!needsGroup || groupId)
      ? {
          code,
          subject: subject === 'combined' && !measure?.takes_combined ? 'reading' : subject,
          yearGroups: chosenYears,
          subgroup: subgroup || null,
          targetGroupId: needsGroup ? groupId : null,
          pointId,
        }
      : null;
  const key = JSON.stringify(binding);
  useEffect(() => {
    onChange(binding);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  if (catalogue.status === 'loading' || subjects.status === 'loading') return <Loading label="Loading the measures…" />;
  if (catalogue.status === 'failed') return <ErrorPanel error={catalogue.error} onRetry={catalogue.reload} />;
  if (subjects.status === 'failed') return <ErrorPanel error={subjects.error} onRetry={subjects.reload} />;
  const progressOnly = ['stuck', 'falling_behind', 'average_gain', 'pct_expected_progress', 'pct_accelerated'];
  const offered = catalogue.data;
  const error = (pointer: string) => (errors[pointer] ? <p className="field__error">{errors[pointer]}</p> : null);
  return (
    <div className="measure-picker">
      <div className="form-row">
        <div className="field">
          <label className="field__label" htmlFor="measure-code">
            Measure
          </label>
          <select id="measure-code" className="field__input field__select" value={code} onChange={(e) => setCode(e.target.value)}>
            {offered.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </select>
          {error('/measure')}
        </div>
        <div className="field">
          <label className="field__label" htmlFor="measure-subject">
            Subject
          </label>
          <select id="measure-subject" className="field__input field__select" value={subject} onChange={(e) => setSubject(e.target.value)}>
            {subjects.data.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
            {measure?.takes_combined ? <option value="combined">Reading, writing and maths combined</option> : null}
          </select>
          {error('/subject')}
        </div>
        <div className="field">
          <label className="field__label" htmlFor="measure-subgroup">
            {needsSubgroup ? 'Subgroup (against the rest)' : 'Subgroup (optional)'}
          </label>
          <select id="measure-subgroup" className="field__input field__select" value={subgroup} onChange={(e) => setSubgroup(e.target.value as Subgroup | '')}>
            <option value="">{needsSubgroup ? 'Choose one' : 'Everyone'}</option>
            {SUBGROUPS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          {error('/subgroup')}
        </div>
        {needsGroup ? (
          <div className="field">
            <label className="field__label" htmlFor="measure-group">
              Target group
            </label>
            <select
              id="measure-group"
              className="field__input field__select"
              value={groupId ?? ''}
              onChange={(e) => setGroupId(Number(e.target.value) || null)}
            >
              <option value="">Choose one</option>
              {groups.status === 'done'
                ? groups.data.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))
                : null}
            </select>
            {error('/target_group_id')}
          </div>
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor="measure-point">
            Target for
          </label>
          <select id="measure-point" className="field__input field__select" value={pointId ?? ''} onChange={(e) => setPointId(Number(e.target.value) || null)}>
            {termly.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} {p.academic_year}
              </option>
            ))}
          </select>
          {error('/point_id')}
        </div>
      </div>
      <fieldset className="measure-picker__years">
        <legend>Year groups (none: the whole school)</legend>
        {yearGroups.status === 'done'
          ? yearGroups.data.map((y) => (
              <label key={y} className="choice choice--inline">
                <input
                  type="checkbox"
                  checked={chosenYears.includes(y)}
                  onChange={(e) => setChosenYears(e.target.checked ? ordered([...chosenYears, y]) : chosenYears.filter((c) => c !== y))}
                />{' '}
                {yearGroupLabel(y)}
              </label>
            ))
          : null}
        {error('/year_groups')}
      </fieldset>
      {measure ? <p className="field__hint">{measure.rule}</p> : null}
      {binding ? (
        <Preview schoolId={schoolId} academicYear={academicYear} binding={binding} progress={progressOnly.includes(code)} />
      ) : null}
    </div>
  );
}

function Preview({
  schoolId,
  academicYear,
  binding,
  progress,
}: {
  schoolId: number;
  academicYear: string;
  binding: Binding;
  progress: boolean;
}) {
  const api = useApi();
  const [showing, setShowing] = useState(false);
  // The figure now: at the latest point with results (the target's point may be months away).
  const preview = useApiQuery(`plans/preview/${schoolId}/${JSON.stringify(binding)}`, () =>
    previewMeasure(api, schoolId, {
      code: binding.code,
      subject: binding.subject,
      year_group: binding.yearGroups.length ? binding.yearGroups : undefined,
      subgroup: binding.subgroup ?? undefined,
      target_group_id: binding.targetGroupId ?? undefined,
    }),
  );
  return (
    <div className="measure-preview" role="status" aria-live="polite">
      {preview.status === 'loading' ? <span className="muted">Working out the figure now…</span> : null}
      {preview.status === 'failed' ? (
        <span className="muted">
          {progress ? 'No earlier point to measure progress from yet. ' : ''}
          {userMessage(preview.error)}
        </span>
      ) : null}
      {preview.status === 'done' ? (
        <span>
          Now: <strong>{figure(preview.data.value, preview.data.unit, preview.data.code)}</strong>
          {preview.data.cohort !== null ? ` of ${preview.data.cohort} pupils` : ''}
          {preview.data.counted !== null && preview.data.unit === 'percent' && preview.data.code !== 'gap_percent'
            ? ` (${preview.data.counted} pupils)`
            : ''}{' '}
          at {preview.data.point.name} {preview.data.point.academic_year}
          {preview.data.suppressed ? ' — withheld: a small group' : ''}
          {preview.data.pupil_ids && preview.data.pupil_ids.length ? (
            <>
              {' '}
              <button type="button" className="button button--link" onClick={() => setShowing(true)}>
                See the {preview.data.pupil_ids.length} pupils
              </button>
            </>
          ) : null}
        </span>
      ) : null}
      {showing && preview.status === 'done' && preview.data.pupil_ids ? (
        <CellPupils
          schoolId={schoolId}
          academicYear={academicYear}
          cell={{
            title: `Counted in ${preview.data.name}`,
            pupilIds: preview.data.pupil_ids,
            yearGroup: binding.yearGroups.length === 1 ? binding.yearGroups[0] : undefined,
          }}
          onClose={() => setShowing(false)}
        />
      ) : null}
    </div>
  );
}
