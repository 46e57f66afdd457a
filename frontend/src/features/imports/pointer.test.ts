import { describe, expect, it } from 'vitest';
import { parsePointer, sectionLabel } from './pointer';

describe('error pointers', () => {
  it('finds the row and field of a file row', () => {
    expect(parsePointer('/rows/3/upn')).toEqual({ section: 'rows', row: 3, field: 'upn' });
    expect(parsePointer('/pupils/12/date_of_birth')).toEqual({ section: 'pupils', row: 12, field: 'date_of_birth' });
    expect(parsePointer('/results/0/result')).toEqual({ section: 'results', row: 0, field: 'result' });
  });

  it('joins nested fields and unescapes JSON pointer tokens', () => {
    expect(parsePointer('/pupils/4/characteristics/fsm')).toEqual({
      section: 'pupils',
      row: 4,
      field: 'characteristics.fsm',
    });
    expect(parsePointer('/rows/2/a~1b~0c')).toEqual({ section: 'rows', row: 2, field: 'a/b~c' });
  });

  it('handles the whole file, bare rows and nothing at all', () => {
    expect(parsePointer('/file')).toEqual({ section: 'file', row: null, field: null });
    expect(parsePointer('/7/gender')).toEqual({ section: null, row: 7, field: 'gender' });
    expect(parsePointer('')).toEqual({ section: null, row: null, field: null });
    expect(parsePointer('/')).toEqual({ section: null, row: null, field: null });
    expect(parsePointer('/body/academic_year')).toEqual({ section: 'body', row: null, field: 'academic_year' });
  });

  it('names the sections', () => {
    expect(sectionLabel('file')).toBe('Whole file');
    expect(sectionLabel('pupils')).toBe('Pupils');
    expect(sectionLabel('oneroster')).toBe('Oneroster');
    expect(sectionLabel(null)).toBe('—');
  });
});
