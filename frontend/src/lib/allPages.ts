// Follows `next_cursor` to the end of a list. Only for lists known to be short (a trust's
// schools, a school's classes, one pupil's results): long lists page with "Load more".
import type { CursorPage } from './usePagedQuery';

export const PAGE_SIZE = 200;
const MAX_PAGES = 50;

export async function allPages<T>(page: (cursor: string | undefined) => Promise<CursorPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < MAX_PAGES; n += 1) {
    const result = await page(cursor);
    items.push(...result.items);
    if (!result.next_cursor) return items;
    cursor = result.next_cursor;
  }
  return items;
}
