import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { yearGroupLabel } from '../schools/format';
import { CellPupils, type CellChoice } from './CellPupils';
import { PointSelect, Select, SubjectSelect } from './Controls';
import { countText, pointName, withheldKey } from './format';
import { maxCount, shade, usedRows } from './grid';
import { choicesToParams, parseChoices, type TrackingChoices } from './params';
import { SchoolTracking } from './SchoolTracking';
import { isStageCode, stagesTakenBefore } from './stages';
import { loadTransition, type SchoolContext } from './trackingApi';
import type { TransitionCell, TransitionMatrix } from './types';

export function TransitionPage() {
  return <SchoolTracking view="transition">{(context) => <TransitionView context={context} />}</SchoolTracking>;
}

export function schoolYearGroups(context: SchoolContext): string[] {
  const groups = new Set(context.classes.flatMap((c) => c.year_groups));
  const order = (code: string) => (code === 'N' ? -1 : code === 'R' ? 0 : Number(code.slice(1)) || 99);
  return [...groups].sort((a, b) => order(a) - order(b));
}

function TransitionView({ context }: { context: SchoolContext }) {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const choices = parseChoices(params);
  const schoolId = context.school.id;
  const starts = stagesTakenBefore(choices.yearGroup);
  const fromStage = starts.find((s) => s.code === choices.fromStage)?.code;
  const query = {
    subject: choices.subject === 'combined' ? 'reading' : choices.subject,
    point_id: choices.point ?? undefined,
    year_group: choices.yearGroup ?? undefined,
    from_stage: fromStage,
  };
  const matrix = useApiQuery(`tracking/transition/${schoolId}/${JSON.stringify(query)}`, () =>
    loadTransition(api, schoolId, query),
  );
  function apply(next: Partial<TrackingChoices>) {
    setParams(choicesToParams({ ...choices, ...next }));
  }
  return (
    <>
      <form className="filters" aria-label="Transition matrix" onSubmit={(e) => e.preventDefault()}>
        <div className="filters__grid">
          <SubjectSelect subjects={context.subjects} combined={false} value={query.subject} onChange={(subject) => apply({ subject })} />
          <PointSelect points={context.points} value={choices.point} onChange={(point) => apply({ point })} />
          <Select
            id="tracking-year-group"
            label="Year group"
            value={choices.yearGroup ?? ''}
            options={[['', 'All year groups'], ...schoolYearGroups(context).map((g): [string, string] => [g, yearGroupLabel(g)])]}
            onChange={(v) => apply({ yearGroup: v || null })}
          />
          <Select
            id="tracking-from"
            label="Start from"
            value={fromStage ?? ''}
            options={[['', 'The point before'], ...starts.map((s): [string, string] => [s.code, s.name])]}
            disabled={!starts.length}
            onChange={(v) => apply({ fromStage: isStageCode(v) ? v : null })}
          />
        </div>
        {!choices.yearGroup ? (
          <p className="muted filters__hint">Choose a year group to start from their statutory results (KS1, phonics …).</p>
        ) : null}
      </form>
      {matrix.status === 'loading' ? <Loading label="Loading the matrix…" /> : null}
      {matrix.status === 'failed' ? <ErrorPanel error={matrix.error} onRetry={matrix.reload} /> : null}
      {matrix.status === 'done' ? <MatrixTable matrix={matrix.data} context={context} /> : null}
    </>
  );
}

function MatrixTable({ matrix, context }: { matrix: TransitionMatrix; context: SchoolContext }) {
  const [chosen, setChosen] = useState<CellChoice | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const byKey = new Map(matrix.cells.map((c) => [`${c.from_row}\u0000${c.to_row}`, c]));
  const fromRows = usedRows(matrix.from_rows, matrix.cells.map((c) => ({ row: c.from_row, count: c.count, suppressed: c.suppressed })));
  const toColumns = usedRows(matrix.to_columns, matrix.cells.map((c) => ({ row: c.to_row, count: c.count, suppressed: c.suppressed })));
  const max = maxCount(matrix.cells);
  const threshold = matrix.suppression_threshold;
  const who = matrix.year_group ? yearGroupLabel(matrix.year_group) : 'All year groups';
  const caption = `${who}: step at ${pointName(matrix.from_point)} (down) against step at ${pointName(matrix.point)} (across)`;

  function open(cell: TransitionCell, fromLabel: string, toLabel: string, button: HTMLButtonElement) {
    if (!cell.pupil_ids) return;
    opener.current = button;
    setChosen({
      title: `From ${fromLabel} to ${toLabel}: ${cell.count ?? 0} ${cell.count === 1 ? 'pupil' : 'pupils'}`,
      pupilIds: cell.pupil_ids,
      yearGroup: matrix.year_group ?? undefined,
      subject: matrix.subject,
    });
  }

  if (!fromRows.length) {
    return (
      <div className="panel">
        <p>No pupils have a result at both points.</p>
      </div>
    );
  }
  return (
    <>
      {threshold ? <p className="muted tracking-key">{withheldKey(threshold)}</p> : null}
      <div className="table-wrap">
        <table className="table tracking-grid tracking-matrix">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">From ↓ / now →</th>
              {toColumns.map((c) => (
                <th scope="col" key={c.key} className="numeric">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {fromRows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {toColumns.map((column) => {
                  const cell = byKey.get(`${row.key}\u0000${column.key}`);
                  const text = cell ? countText(cell.count, cell.suppressed) : '';
                  const level = cell && !cell.suppressed ? shade(cell.count, max) : 0;
                  return (
                    <td key={column.key} className={`tracking-grid__cell heat--${level}`}>
                      {cell && cell.pupil_ids && (cell.count ?? 0) > 0 ? (
                        <button
                          type="button"
                          className="tracking-grid__button"
                          aria-label={`${text} ${cell.count === 1 ? 'pupil' : 'pupils'} from ${row.label} to ${column.label}`}
                          onClick={(e) => open(cell, row.label, column.label, e.currentTarget)}
                        >
                          {text}
                        </button>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {chosen ? (
        <CellPupils
          schoolId={context.school.id}
          academicYear={matrix.point.academic_year}
          cell={chosen}
          onClose={() => {
            setChosen(null);
            opener.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}
