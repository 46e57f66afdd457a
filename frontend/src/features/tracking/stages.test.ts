import { describe, expect, it } from 'vitest';
import { isStageCode, stagesTakenBefore } from './stages';

describe('statutory starting points for a year group', () => {
  it('offers only what the year group took in an earlier year', () => {
    expect(stagesTakenBefore('Y3').map((s) => s.code)).toEqual(['eyfs', 'phonics', 'ks1']);
    expect(stagesTakenBefore('Y6').map((s) => s.code)).toEqual(['eyfs', 'phonics', 'ks1', 'mtc']);
    expect(stagesTakenBefore('Y7').map((s) => s.code)).toEqual(['eyfs', 'phonics', 'ks1', 'mtc', 'ks2']);
    expect(stagesTakenBefore('R')).toEqual([]);
    expect(stagesTakenBefore(null)).toEqual([]);
  });

  it('knows the codes the API takes', () => {
    expect(isStageCode('ks1')).toBe(true);
    expect(isStageCode('ks3')).toBe(false);
    expect(isStageCode(null)).toBe(false);
  });
});
