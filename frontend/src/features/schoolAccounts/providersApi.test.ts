import { describe, expect, it } from 'vitest';
import { parseDomains } from './providersApi';

describe('e-mail domains as typed', () => {
  it('splits on commas, spaces or lines, lower-cases and keeps each once', () => {
    expect(parseDomains('Heathfield.sch.uk, ashdown.example\nheathfield.sch.uk;  ')).toEqual(['heathfield.sch.uk', 'ashdown.example']);
    expect(parseDomains('   ')).toEqual([]);
  });
});
