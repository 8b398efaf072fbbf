import { useEffect } from 'react';

/** Each page names itself in the tab and to screen readers on navigation. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Studio portal` : 'Studio portal';
  }, [title]);
}
