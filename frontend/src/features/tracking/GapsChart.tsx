import { useId } from 'react';
import { gapPupilsText, percentText, pointsText, SUBGROUP_LABELS } from './format';
import { GAP_CHART, labelInside, layoutGaps, percentX } from './gapsChart';
import type { Gap } from './types';

const MEASURE = { are: '% at or above ARE', progress: '% expected progress or better' } as const;

function groupSize(gap: Gap): string {
  if (gap.group.suppressed || gap.group.size === null) return 'size not shown';
  return `${gap.group.size} ${gap.group.size === 1 ? 'pupil' : 'pupils'}`;
}

/** One sentence per subgroup, shown beside the chart and read out in its place. A side is
 * withheld when it is small, or when the other side is and this one would give it away. */
export function gapSentence(gap: Gap): string {
  const name = SUBGROUP_LABELS[gap.subgroup];
  if (gap.group.suppressed || gap.rest.suppressed) return `${name} (${groupSize(gap)}): not compared, so that no small group can be worked out.`;
  return (
    `${name} (${groupSize(gap)}): ${percentText(gap.group.percent_at_or_above)} at or above ARE against ` +
    `${percentText(gap.rest.percent_at_or_above)} for the rest (${pointsText(gap.gap_percent)}; ${gapPupilsText(gap.gap_pupils)}); ` +
    `${percentText(gap.group.percent_expected_or_better)} made expected progress or better against ${percentText(gap.rest.percent_expected_or_better)}.`
  );
}

/** Each subgroup against the rest as horizontal bars, with the size and the gap in words. */
export function GapsChart({ gaps, title }: { gaps: Gap[]; title: string }) {
  const id = useId();
  const { rows, height } = layoutGaps(gaps);
  const { width, left, top } = GAP_CHART;
  return (
    <figure className="chart gaps-chart">
      <figcaption className="chart__caption">
        <span className="chart__title">{title}</span>
        <span className="chart__meta">Dark bars: the group; light bars: the rest</span>
      </figcaption>
      <svg className="chart__svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{gaps.map((g) => gapSentence(g)).join(' ')}</desc>
        {[0, 25, 50, 75, 100].map((tick) => (
          <g key={tick}>
            <line className="chart__grid" x1={percentX(tick)} x2={percentX(tick)} y1={top - 6} y2={height - 8} />
            <text className="chart__tick" x={percentX(tick)} y={top - 12} textAnchor="middle">
              {tick}%
            </text>
          </g>
        ))}
        <line className="chart__axis" x1={left} x2={left} y1={top - 6} y2={height - 8} />
        {rows.map((row) => (
          <g key={row.gap.subgroup} data-subgroup={row.gap.subgroup}>
            <text className="gaps-chart__label" x={left - 10} y={row.y + 14} textAnchor="end">
              {SUBGROUP_LABELS[row.gap.subgroup]}
            </text>
            <text className="chart__tick" x={left - 10} y={row.y + 32} textAnchor="end">
              {groupSize(row.gap)}
            </text>
            {row.bars.map((bar) => (
              <g key={`${bar.measure}-${bar.who}`}>
                <rect
                  className={`gaps-chart__bar gaps-chart__bar--${bar.measure}-${bar.who}`}
                  x={bar.x}
                  y={bar.y}
                  width={bar.width}
                  height={GAP_CHART.bar}
                >
                  <title>{`${SUBGROUP_LABELS[row.gap.subgroup]}, ${bar.who === 'group' ? 'the group' : 'the rest'}: ${percentText(bar.percent)} ${MEASURE[bar.measure].slice(2)}`}</title>
                </rect>
                <text
                  className={labelInside(bar) ? `chart__tick gaps-chart__inside gaps-chart__inside--${bar.who}` : 'chart__tick'}
                  x={labelInside(bar) ? bar.x + bar.width - 4 : bar.x + bar.width + 4}
                  y={bar.y + GAP_CHART.bar - 3}
                  textAnchor={labelInside(bar) ? 'end' : 'start'}
                >
                  {`${bar.who === 'group' ? 'Group' : 'Rest'} ${bar.measure === 'are' ? 'ARE' : 'progress'}: ${percentText(bar.percent)}`}
                </text>
              </g>
            ))}
          </g>
        ))}
      </svg>
      <ul className="gaps-chart__sentences">
        {gaps.map((g) => (
          <li key={g.subgroup} data-subgroup={g.subgroup}>
            {gapSentence(g)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
