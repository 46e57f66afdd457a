import { useEffect } from 'react';

export const PRODUCT = 'Termwise';

/** Sets the tab's title: "Schools – Termwise". */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} – ${PRODUCT}` : PRODUCT;
  }, [title]);
}
