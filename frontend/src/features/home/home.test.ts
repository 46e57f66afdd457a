import { describe, expect, it } from 'vitest';
import { changeText } from './SchoolAttention';

describe('a change since the point before', () => {
  it('is signed, in tenths, or says there was none', () => {
    expect(changeText(3.24)).toBe('+3.2');
    expect(changeText(-1)).toBe('−1.0');
    expect(changeText(0)).toBe('no change');
    expect(changeText(null)).toBe('');
  });
});
