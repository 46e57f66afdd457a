// Where an import error is: a JSON pointer such as "/rows/3/upn" or "/pupils/12/date_of_birth"
// (a 1-based data row of the file and its column), or "/file" for the file as a whole.

export interface ErrorLocation {
  /** "rows", "pupils", "results", "file" … */
  section: string | null;
  /** The file's data row (row 1 is the line under the header), when the error has one. */
  row: number | null;
  /** The column (template field), when the error has one: "upn", "characteristics.fsm". */
  field: string | null;
}

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function parsePointer(pointer: string): ErrorLocation {
  const tokens = pointer.split('/').slice(pointer.startsWith('/') ? 1 : 0).map(unescape).filter((t) => t !== '');
  if (!tokens.length) return { section: null, row: null, field: null };
  const [first, ...rest] = tokens as [string, ...string[]];
  // A pointer may also start at the row: "/3/upn".
  if (/^\d+$/.test(first)) {
    return { section: null, row: Number(first), field: rest.length ? rest.join('.') : null };
  }
  const [second, ...fields] = rest;
  if (second !== undefined && /^\d+$/.test(second)) {
    return { section: first, row: Number(second), field: fields.length ? fields.join('.') : null };
  }
  return { section: first, row: null, field: rest.length ? rest.join('.') : null };
}

/** "pupils" → "Pupils"; the file-level and parse sections in words. */
export function sectionLabel(section: string | null): string {
  switch (section) {
    case null:
      return '—';
    case 'file':
      return 'Whole file';
    case 'rows':
      return 'File';
    case 'pupils':
      return 'Pupils';
    case 'results':
      return 'Results';
    default:
      return section.charAt(0).toUpperCase() + section.slice(1);
  }
}
