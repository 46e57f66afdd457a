// The shape of a tracking grid as schools draw it: counts per cell, shading by count, and the
// ARE line drawn under each column's ARE row.
import type { GridCell, GridColumn, GridRow } from './types';

/** Shading levels 0 (empty) … 5 (the fullest cell on the page). */
export const SHADES = 5;

/** The shade of a cell: 0 for none, otherwise 1–5 in proportion to the largest count. */
export function shade(count: number | null, max: number): number {
  if (count === null || count <= 0 || max <= 0) return 0;
  return Math.min(SHADES, Math.max(1, Math.ceil((count / max) * SHADES)));
}

export function maxCount(cells: readonly { count: number | null }[]): number {
  return cells.reduce((max, c) => Math.max(max, c.count ?? 0), 0);
}

/** Cells by column and row, for drawing a table of them. */
export function cellIndex<C extends GridCell>(cells: readonly C[]): Map<string, C> {
  return new Map(cells.map((c) => [cellKey(c.year_group, c.row), c]));
}

export function cellKey(column: string, row: string): string {
  return `${column}\u0000${row}`;
}

/** The ARE line is drawn under this row's cell in this column: the ARE row is the lowest row at ARE. */
export function areLineUnder(column: Pick<GridColumn, 'are_row'>, row: string): boolean {
  return column.are_row === row;
}

/** Whether a row (highest first) is at or above the column's ARE row. */
export function atOrAboveAre(rows: readonly GridRow[], column: Pick<GridColumn, 'are_row'>, row: string): boolean {
  if (!column.are_row) return false;
  const are = rows.findIndex((r) => r.key === column.are_row);
  const here = rows.findIndex((r) => r.key === row);
  return are >= 0 && here >= 0 && here <= are;
}

/**
 * The rows worth drawing: from the highest row with any pupil (or ARE line) to the lowest,
 * so a scale of 28 steps does not fill the page with empty rows. Highest first, as given.
 */
export function usedRows(
  rows: readonly GridRow[],
  cells: readonly { row: string; count: number | null; suppressed: boolean }[],
  alsoKeep: readonly (string | null)[] = [],
): GridRow[] {
  const used = new Set<string>(cells.filter((c) => (c.count ?? 0) > 0 || c.suppressed).map((c) => c.row));
  alsoKeep.forEach((key) => key && used.add(key));
  const indexes = rows.map((r, i) => (used.has(r.key) ? i : -1)).filter((i) => i >= 0);
  if (!indexes.length) return [];
  return rows.slice(Math.min(...indexes), Math.max(...indexes) + 1);
}
