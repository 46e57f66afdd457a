// The tracking pages keep their choices in the address, so a view can be shared and the back
// button works: ?subject=writing&point=8&year=Y4&flag=stuck&muted=1 …
import { CONCERNS, isFlag, isSubgroup } from './format';
import type { StageCode } from '../../api/types';
import { isStageCode } from './stages';
import type { Flag, Subgroup } from './types';

export interface TrackingChoices {
  subject: string;
  point: number | null;
  subgroup: Subgroup | null;
  /** With a subgroup: the pupils outside it (the rest). */
  others: boolean;
  yearGroup: string | null;
  /** A flag, or "concerns" for stuck, falling behind and slow together. */
  flag: Flag | 'concerns' | null;
  classId: number | null;
  /** The flags list: muted flags shown too, each with its reason. */
  muted: boolean;
  /** The transition matrix: start from this statutory assessment instead of the point before. */
  fromStage: StageCode | null;
}

const SUBJECT = /^[a-z_]{1,30}$/;
const YEAR_GROUP = /^(N|R|Y\d{1,2})$/;

function positiveId(raw: string | null): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= 2_147_483_647 ? id : null;
}

export function parseChoices(params: URLSearchParams, defaultSubject = 'reading'): TrackingChoices {
  const subject = params.get('subject');
  const year = params.get('year');
  const flag = params.get('flag');
  const subgroup = params.get('subgroup');
  return {
    subject: subject && SUBJECT.test(subject) ? subject : defaultSubject,
    point: positiveId(params.get('point')),
    subgroup: isSubgroup(subgroup) ? subgroup : null,
    others: isSubgroup(subgroup) && params.get('others') === '1',
    yearGroup: year && YEAR_GROUP.test(year) ? year : null,
    flag: flag === 'concerns' ? 'concerns' : isFlag(flag) ? flag : null,
    classId: positiveId(params.get('class')),
    muted: params.get('muted') === '1',
    fromStage: isStageCode(params.get('from')) ? (params.get('from') as StageCode) : null,
  };
}

export function choicesToParams(choices: Partial<TrackingChoices>): URLSearchParams {
  const params = new URLSearchParams();
  if (choices.subject) params.set('subject', choices.subject);
  if (choices.point) params.set('point', String(choices.point));
  if (choices.subgroup) {
    params.set('subgroup', choices.subgroup);
    if (choices.others) params.set('others', '1');
  }
  if (choices.yearGroup) params.set('year', choices.yearGroup);
  if (choices.flag) params.set('flag', choices.flag);
  if (choices.classId) params.set('class', String(choices.classId));
  if (choices.muted) params.set('muted', '1');
  if (choices.fromStage) params.set('from', choices.fromStage);
  return params;
}

/** The flags to ask the API for. */
export function flagsFor(flag: TrackingChoices['flag']): Flag[] | undefined {
  if (flag === null) return undefined;
  return flag === 'concerns' ? [...CONCERNS] : [flag];
}
