import type { MaturityOverTime } from './maturityApi';
import { polygon, spokes } from './radar';

const SIZE = 320;
const CENTRE = { x: SIZE / 2, y: SIZE / 2 };
const RADIUS = 120;
// Room either side for the areas' names.
const MARGIN = 110;

/** Each agreed review's scores as a shape over the areas, the newest on top and darkest, with
 * the same numbers in a table beside it for anyone who cannot see the chart. */
export function RadarChart({ shift }: { shift: MaturityOverTime }) {
  const areas = shift.reviews.at(-1)?.scores.map((s) => ({ key: s.area, name: s.name })) ?? [];
  const top = Math.max(...shift.levels.map((l) => Number(l.value)), 1);
  const ends = spokes(areas.length, CENTRE, RADIUS);
  const reviews = shift.reviews.slice(-3);
  const scoreOf = (review: (typeof reviews)[number], area: string) => review.scores.find((s) => s.area === area)?.score ?? 0;
  return (
    <div className="radar">
      <svg viewBox={`${-MARGIN} -10 ${SIZE + 2 * MARGIN} ${SIZE + 20}`} width={SIZE + 2 * MARGIN} height={SIZE + 20} role="img" aria-label={`${shift.framework_name}: the shape of each agreed review, the newest darkest`}>
        {shift.levels.map((level) => (
          <polygon
            key={String(level.value)}
            className="radar__ring"
            points={polygon(
              areas.map(() => Number(level.value)),
              top,
              CENTRE,
              RADIUS,
            )}
          />
        ))}
        {ends.map((end, i) => (
          <g key={areas[i]!.key}>
            <line className="radar__spoke" x1={CENTRE.x} y1={CENTRE.y} x2={end.x} y2={end.y} />
            <text className="radar__label" x={end.x} y={end.y + (end.y < CENTRE.y ? -6 : end.y > CENTRE.y ? 14 : 4)} textAnchor={end.x < CENTRE.x - 1 ? 'end' : end.x > CENTRE.x + 1 ? 'start' : 'middle'}>
              {areas[i]!.name}
            </text>
          </g>
        ))}
        {reviews.map((review, i) => (
          <polygon
            key={review.review_id}
            className={`radar__shape radar__shape--${reviews.length - 1 - i}`}
            points={polygon(
              areas.map((a) => scoreOf(review, a.key)),
              top,
              CENTRE,
              RADIUS,
            )}
          />
        ))}
      </svg>
      <table className="table table--compact">
        <caption>{shift.framework_name}: agreed scores</caption>
        <thead>
          <tr>
            <th scope="col">Area</th>
            {reviews.map((r) => (
              <th scope="col" className="numeric" key={r.review_id}>
                {r.held_on.slice(0, 7)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {areas.map((a) => (
            <tr key={a.key}>
              <th scope="row">{a.name}</th>
              {reviews.map((r) => (
                <td className="numeric" key={r.review_id}>
                  {scoreOf(r, a.key) || '—'}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">Overall</th>
            {reviews.map((r) => (
              <td className="numeric" key={r.review_id}>
                {r.overall ?? '—'}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
