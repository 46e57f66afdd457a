import { describe, expect, it } from 'vitest';
import { choicesToParams, flagsFor, parseChoices } from './params';

describe('tracking choices in the address', () => {
  it('reads what it knows and drops what it does not', () => {
    const choices = parseChoices(new URLSearchParams('subject=writing&point=8&year=Y4&flag=stuck&class=5&subgroup=eal&others=1&muted=1&from=ks1'));
    expect(choices).toEqual({
      subject: 'writing',
      point: 8,
      subgroup: 'eal',
      others: true,
      yearGroup: 'Y4',
      flag: 'stuck',
      classId: 5,
      muted: true,
      fromStage: 'ks1',
    });
    const junk = parseChoices(new URLSearchParams('subject=DROP%20TABLE&point=-1&year=Year4&flag=sticky&subgroup=cats&others=1&muted=yes&from=ks3'));
    expect(junk).toEqual({
      subject: 'reading',
      point: null,
      subgroup: null,
      others: false,
      yearGroup: null,
      flag: null,
      classId: null,
      muted: false,
      fromStage: null,
    });
  });
  it('round-trips, leaving "the rest" out without a subgroup', () => {
    const params = choicesToParams({ subject: 'maths', point: 3, yearGroup: 'Y6', flag: 'concerns', others: true });
    expect(params.toString()).toBe('subject=maths&point=3&year=Y6&flag=concerns');
    expect(parseChoices(params).flag).toBe('concerns');
    expect(choicesToParams({ subject: 'writing', muted: true }).toString()).toBe('subject=writing&muted=1');
    expect(choicesToParams({ yearGroup: 'Y6', fromStage: 'ks1' }).toString()).toBe('year=Y6&from=ks1');
  });
  it('asks for the three concerns together, or one flag, or all', () => {
    expect(flagsFor('concerns')).toEqual(['stuck', 'falling_behind', 'slow']);
    expect(flagsFor('stuck')).toEqual(['stuck']);
    expect(flagsFor(null)).toBeUndefined();
  });
});
