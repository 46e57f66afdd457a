import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { seesCharacteristics } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { yearGroupLabel } from '../schools/format';
import { CellPupils, type CellChoice } from './CellPupils';
import { PointSelect, Select, SubjectSelect } from './Controls';
import { countText, percentText, pointName, SUBGROUP_LABELS, SUBGROUPS, withheldKey } from './format';
import { areLineUnder, cellIndex, cellKey, maxCount, shade, usedRows } from './grid';
import { choicesToParams, parseChoices, type TrackingChoices } from './params';
import { SchoolTracking } from './SchoolTracking';
import { loadGrid, type SchoolContext } from './trackingApi';
import type { Grid, GridCell, GridColumn } from './types';

export function GridPage() {
  return <SchoolTracking view="">{(context) => <GridView context={context} />}</SchoolTracking>;
}

function GridView({ context }: { context: SchoolContext }) {
  const api = useApi();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const choices = parseChoices(params);
  const characteristics = seesCharacteristics(me);
  const schoolId = context.school.id;
  const query = {
    subject: choices.subject,
    point_id: choices.point ?? undefined,
    subgroup: characteristics ? (choices.subgroup ?? undefined) : undefined,
    others: characteristics && choices.subgroup ? choices.others : undefined,
  };
  const grid = useApiQuery(`tracking/grid/${schoolId}/${JSON.stringify(query)}`, () => loadGrid(api, schoolId, query));

  function apply(next: Partial<TrackingChoices>) {
    setParams(choicesToParams({ ...choices, ...next }));
  }

  return (
    <>
      <form className="filters" aria-label="Grid" onSubmit={(e) => e.preventDefault()}>
        <div className="filters__grid">
          <SubjectSelect subjects={context.subjects} combined value={choices.subject} onChange={(subject) => apply({ subject })} />
          <PointSelect points={context.points} value={choices.point} onChange={(point) => apply({ point })} />
          {characteristics ? (
            <>
              <Select
                id="tracking-subgroup"
                label="Subgroup"
                value={choices.subgroup ?? ''}
                options={[['', 'All pupils'], ...SUBGROUPS.map((s): [string, string] => [s, SUBGROUP_LABELS[s]])]}
                onChange={(v) => apply({ subgroup: SUBGROUPS.find((s) => s === v) ?? null, others: false })}
              />
              {choices.subgroup ? (
                <Select
                  id="tracking-others"
                  label="Whose grid"
                  value={choices.others ? 'rest' : 'group'}
                  options={[
                    ['group', `${SUBGROUP_LABELS[choices.subgroup]} pupils`],
                    ['rest', 'The rest (everyone else)'],
                  ]}
                  onChange={(v) => apply({ others: v === 'rest' })}
                />
              ) : null}
            </>
          ) : null}
        </div>
      </form>
      {grid.status === 'loading' ? <Loading label="Loading the grid…" /> : null}
      {grid.status === 'failed' ? <ErrorPanel error={grid.error} onRetry={grid.reload} /> : null}
      {grid.status === 'done' ? <GridTable grid={grid.data} choices={choices} context={context} /> : null}
    </>
  );
}

function whose(choices: TrackingChoices): string {
  if (!choices.subgroup) return '';
  return choices.others ? ` (pupils not ${SUBGROUP_LABELS[choices.subgroup].toLowerCase()})` : ` (${SUBGROUP_LABELS[choices.subgroup]} pupils)`;
}

function GridTable({ grid, choices, context }: { grid: Grid; choices: TrackingChoices; context: SchoolContext }) {
  const [chosen, setChosen] = useState<CellChoice | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const cells = cellIndex(grid.cells);
  const max = maxCount(grid.cells);
  const rows = usedRows(grid.rows, grid.cells, grid.columns.map((c) => c.are_row));
  const threshold = grid.suppression_threshold;
  const subjectName = context.subjects.find((s) => s.code === grid.subject)?.name ?? (grid.subject === 'combined' ? 'Reading, writing and maths combined' : grid.subject);
  const predicted = grid.columns.some((c) => c.predicted_percent_at_or_above !== null);
  const caption = `${subjectName} at ${pointName(grid.point)}${whose(choices)}: pupils on each step by year group`;

  function open(cell: GridCell, column: GridColumn, rowLabel: string, button: HTMLButtonElement) {
    if (!cell.pupil_ids) return;
    opener.current = button;
    setChosen({
      title: `${yearGroupLabel(column.year_group)}, ${rowLabel}: ${cell.count ?? 0} ${cell.count === 1 ? 'pupil' : 'pupils'}`,
      pupilIds: cell.pupil_ids,
      yearGroup: column.year_group,
      subject: grid.subject === 'combined' ? undefined : grid.subject,
    });
  }

  if (!grid.columns.length) {
    return (
      <div className="panel">
        <p>No pupils are on roll for this grid.</p>
      </div>
    );
  }

  return (
    <>
      <p className="muted tracking-key">
        The thick line in each column sits under the age-related expectation (ARE) for that year group: pupils
        above the line are at or above ARE. Darker cells hold more pupils.
        {threshold ? ` ${withheldKey(threshold)}` : ''}
      </p>
      <div className="table-wrap">
        <table className="table tracking-grid">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              {grid.columns.map((c) => (
                <th scope="col" key={c.year_group} className="numeric">
                  {yearGroupLabel(c.year_group)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {grid.columns.map((column) => {
                  const cell = cells.get(cellKey(column.year_group, row.key));
                  const are = areLineUnder(column, row.key);
                  const classes = [
                    'tracking-grid__cell',
                    `heat--${cell && !cell.suppressed ? shade(cell.count, max) : 0}`,
                    are ? 'tracking-grid__cell--are' : '',
                  ].join(' ');
                  const text = cell ? countText(cell.count, cell.suppressed) : '';
                  return (
                    <td key={column.year_group} className={classes} data-are={are ? 'true' : undefined}>
                      {are ? <span className="visually-hidden">ARE line: </span> : null}
                      {cell && cell.pupil_ids && (cell.count ?? 0) > 0 ? (
                        <button
                          type="button"
                          className="tracking-grid__button"
                          aria-label={`${text} ${cell.count === 1 ? 'pupil' : 'pupils'}, ${yearGroupLabel(column.year_group)}, ${row.label}`}
                          onClick={(e) => open(cell, column, row.label, e.currentTarget)}
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
          <tfoot>
            {/* In a column that is shown, a count or percentage comes back null only when withheld. */}
            <FootRow label="Pupils" columns={grid.columns} value={(c) => countText(c.cohort, c.suppressed)} />
            <FootRow label="At or above ARE" columns={grid.columns} value={(c) => countText(c.at_or_above, c.suppressed || c.at_or_above === null)} />
            <FootRow
              label="% at or above ARE"
              columns={grid.columns}
              value={(c) => percentText(c.percent_at_or_above, c.suppressed || c.percent_at_or_above === null)}
            />
            {predicted ? (
              <FootRow
                label="Predicted % at or above ARE by the summer"
                columns={grid.columns}
                value={(c) => percentText(c.predicted_percent_at_or_above, c.suppressed)}
              />
            ) : null}
            <FootRow label="No result" columns={grid.columns} value={(c) => countText(c.missing, c.suppressed || c.missing === null)} />
          </tfoot>
        </table>
      </div>
      {chosen ? (
        <CellPupils
          schoolId={context.school.id}
          academicYear={grid.point.academic_year}
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

function FootRow({ label, columns, value }: { label: string; columns: GridColumn[]; value: (c: GridColumn) => string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {columns.map((c) => (
        <td key={c.year_group} className="numeric">
          {value(c)}
        </td>
      ))}
    </tr>
  );
}
