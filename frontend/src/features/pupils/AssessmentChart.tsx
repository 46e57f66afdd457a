import { useId } from 'react';
import type { AssessmentRead } from '../../api/types';
import { CHART_SIZE, buildSubjectChart, describeChart, resultText } from './chart';
import { formatDate, nonResultLabel, pointLabel, subjectLabel } from './format';

/**
 * One subject's results over time as an inline SVG line chart: x = assessment points in date
 * order, y = the step's points. Hovering a point names its step; a table below says the same
 * for anyone who cannot see the chart.
 */
export function AssessmentChart({
  subject,
  name = subjectLabel(subject),
  results,
}: {
  subject: string;
  name?: string;
  results: AssessmentRead[];
}) {
  const id = useId();
  const chart = buildSubjectChart(subject, results);
  const { width, height } = CHART_SIZE;
  const { plot } = chart;
  const plotted = chart.slots.filter((s) => s.value !== null);

  return (
    <figure className="chart" data-subject={subject}>
      <figcaption className="chart__caption">
        <span className="chart__title">{name}</span>
        <span className="chart__meta">
          {plotted.length} {plotted.length === 1 ? 'result' : 'results'}
          {chart.gaps.length ? `, ${chart.gaps.length} missing` : ''}
        </span>
      </figcaption>
      {plotted.length ? (
        <svg
          className="chart__svg"
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          preserveAspectRatio="xMidYMid meet"
        >
          <title id={`${id}-title`}>{`${name}: steps over time`}</title>
          <desc id={`${id}-desc`}>{describeChart(chart, name)}</desc>

          {chart.years.map((band, i) => (
            <g key={band.academicYear} className="chart__year">
              {i % 2 === 1 ? (
                <rect className="chart__band" x={band.x0} y={plot.top} width={band.x1 - band.x0} height={plot.bottom - plot.top} />
              ) : null}
              <text className="chart__year-label" x={(band.x0 + band.x1) / 2} y={plot.bottom + 38} textAnchor="middle">
                {band.academicYear}
              </text>
              {i > 0 ? <line className="chart__year-rule" x1={band.x0} x2={band.x0} y1={plot.top} y2={plot.bottom + 44} /> : null}
            </g>
          ))}

          {chart.yTicks.map((tick) => (
            <g key={tick.value}>
              <line className="chart__grid" x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} />
              <text className="chart__tick" x={plot.left - 8} y={tick.y} textAnchor="end" dominantBaseline="middle">
                {tick.value}
              </text>
            </g>
          ))}
          <text
            className="chart__axis-title"
            x={12}
            y={(plot.top + plot.bottom) / 2}
            textAnchor="middle"
            transform={`rotate(-90 12 ${(plot.top + plot.bottom) / 2})`}
          >
            Points
          </text>
          <line className="chart__axis" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />

          {chart.slots.map((slot) => (
            <text key={slot.key} className="chart__tick" x={slot.x} y={plot.bottom + 18} textAnchor="middle">
              {slot.shortName}
            </text>
          ))}

          {chart.segments.map((segment, i) =>
            segment.length > 1 ? (
              <polyline
                key={i}
                className="chart__line"
                points={segment.map((p) => `${p.x},${p.y}`).join(' ')}
              />
            ) : null,
          )}

          {chart.gaps.map((slot) => (
            <g key={slot.key} className="chart__gap">
              <line x1={slot.x} x2={slot.x} y1={plot.top + 4} y2={plot.bottom} />
              <text x={slot.x} y={plot.bottom - 6} textAnchor="middle">
                {nonResultLabel(slot.result.non_result ?? '')}
              </text>
              <title>{`${slot.label}: no result (${nonResultLabel(slot.result.non_result ?? '')})`}</title>
            </g>
          ))}

          {plotted.map((slot) => (
            <g key={slot.key} className="chart__point" data-label={slot.label}>
              <title>{`${slot.label}: ${resultText(slot.result)}, ${slot.value} points`}</title>
              <circle className="chart__hit" cx={slot.x} cy={slot.y ?? 0} r={14} />
              <circle className="chart__dot" cx={slot.x} cy={slot.y ?? 0} r={4.5} />
              <text className="chart__step" x={slot.x} y={(slot.y ?? 0) - 10} textAnchor="middle">
                {slot.result.step ?? slot.value}
              </text>
            </g>
          ))}
        </svg>
      ) : (
        <p className="muted">No results on a scale that can be drawn.</p>
      )}

      {chart.gaps.length ? (
        <p className="chart__note">
          Gaps in the line: no result at{' '}
          {chart.gaps.map((g) => `${g.label} (${nonResultLabel(g.result.non_result ?? '')})`).join(', ')}.
        </p>
      ) : null}
      {chart.others.length ? (
        <p className="chart__note">
          Also recorded, not drawn:{' '}
          {chart.others.map((r) => `${pointLabel(r.academic_year, r.point, r.point_name)} ${resultText(r)}`).join('; ')}.
        </p>
      ) : null}

      <details className="chart__table">
        <summary>{name} results as a table</summary>
        <div className="table-wrap">
          <table className="table table--compact">
            <caption className="visually-hidden">{name} results by assessment point</caption>
            <thead>
              <tr>
                <th scope="col">Point</th>
                <th scope="col">Assessed</th>
                <th scope="col">Result</th>
                <th scope="col" className="numeric">
                  Points
                </th>
              </tr>
            </thead>
            <tbody>
              {[...results]
                .sort((a, b) => a.assessed_on.localeCompare(b.assessed_on) || a.point.localeCompare(b.point))
                .map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{pointLabel(r.academic_year, r.point, r.point_name)}</th>
                    <td>{formatDate(r.assessed_on, 'short')}</td>
                    <td>{resultText(r)}</td>
                    <td className="numeric">{r.points ?? '—'}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
