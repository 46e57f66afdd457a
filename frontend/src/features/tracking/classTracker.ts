// A class tracker laid out as on paper: one column per assessment point, step rows, each pupil
// a chip in the row of their step at that point.
import { usedRows } from './grid';
import type { ClassTracker, Flag, GridRow } from './types';

export interface Chip {
  pupilId: number;
  name: string;
  flag: Flag | null;
  /** On the same step as at the point before: did not move. */
  unmoved: boolean;
}

export interface TrackerLayout {
  rows: GridRow[];
  /** Chips by row key, then by point id. */
  chips: Map<string, Map<number, Chip[]>>;
  /** Pupils without a step at each point, by point id. */
  missing: Map<number, Chip[]>;
}

export function layoutTracker(tracker: ClassTracker): TrackerLayout {
  const chips = new Map<string, Map<number, Chip[]>>();
  const missing = new Map<number, Chip[]>();
  const placed: { row: string; count: number; suppressed: boolean }[] = [];
  const pupils = [...tracker.pupils].sort(
    (a, b) => a.last_name.localeCompare(b.last_name, 'en-GB') || a.first_name.localeCompare(b.first_name, 'en-GB'),
  );
  for (const pupil of pupils) {
    let before: string | null = null;
    for (const point of tracker.points) {
      const placement = pupil.placements.find((p) => p.point_id === point.id);
      const step = placement?.step ?? null;
      const chip: Chip = {
        pupilId: pupil.pupil_id,
        name: `${pupil.first_name} ${pupil.last_name}`,
        flag: placement?.flag ?? null,
        unmoved: step !== null && before !== null && step === before,
      };
      if (step === null) {
        push(missing, point.id, chip);
      } else {
        const row = chips.get(step) ?? new Map<number, Chip[]>();
        push(row, point.id, chip);
        chips.set(step, row);
        placed.push({ row: step, count: 1, suppressed: false });
        before = step;
      }
    }
  }
  return { rows: usedRows(tracker.rows, placed), chips, missing };
}

function push(map: Map<number, Chip[]>, key: number, chip: Chip) {
  const list = map.get(key) ?? [];
  list.push(chip);
  map.set(key, list);
}
