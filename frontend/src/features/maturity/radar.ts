// The geometry of a radar chart: one spoke per area, a score's distance out along its spoke.

export interface Point {
  x: number;
  y: number;
}

/** Where each spoke ends, the first straight up, going clockwise. */
export function spokes(count: number, centre: Point, radius: number): Point[] {
  return Array.from({ length: count }, (_, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / count;
    return { x: round(centre.x + radius * Math.cos(angle)), y: round(centre.y + radius * Math.sin(angle)) };
  });
}

/** The polygon of one review's scores (0 at the centre, `max` at the spoke's end), as SVG points. */
export function polygon(scores: readonly number[], max: number, centre: Point, radius: number): string {
  const ends = spokes(scores.length, centre, radius);
  return scores
    .map((score, i) => {
      const share = Math.max(0, Math.min(score, max)) / max;
      const end = ends[i]!;
      return `${round(centre.x + (end.x - centre.x) * share)},${round(centre.y + (end.y - centre.y) * share)}`;
    })
    .join(' ');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
