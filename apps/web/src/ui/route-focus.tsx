import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';

/**
 * After a page change (not the first load), focus goes to the new page's heading, so keyboard and screen
 * reader users start on the new page instead of the link they left.
 */
export function RouteFocus() {
  const [location] = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = window.setTimeout(() => {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (!heading || heading.contains(document.activeElement)) return;
      if (
        document.activeElement &&
        document.activeElement !== document.body &&
        document.querySelector('dialog[open]')
      )
        return;
      heading.tabIndex = -1;
      heading.focus();
    }, 50);
    return () => window.clearTimeout(timer);
  }, [location]);
  return null;
}
