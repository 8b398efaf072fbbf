import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'wouter';
import type { Access, ClientQuery, ClientSort } from '../../api';
import { SORTS } from './client-options';

const ACCESS: readonly Access[] = ['Active', 'Invited', 'Inactive'];

export type ClientFilters = Required<Pick<ClientQuery, 'sort'>> &
  Omit<ClientQuery, 'sort' | 'limit' | 'cursor'>;

/** The index's tab, search, filters and sort live in the address, so back, forward and links keep them. */
export function useClientFilters(): [
  ClientFilters,
  (change: Partial<Record<keyof ClientFilters, string>>) => void,
] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo((): ClientFilters => {
    const access = params.get('access');
    const sort = params.get('sort');
    const text = (key: string) => params.get(key) || undefined;
    return {
      ...(ACCESS.includes(access as Access) ? { access: access as Access } : {}),
      sort: SORTS.some((s) => s.value === sort) ? (sort as ClientSort) : 'lastName',
      ...(text('q') ? { q: text('q') } : {}),
      ...(text('type') ? { type: text('type') } : {}),
      ...(text('source') ? { source: text('source') } : {}),
      ...(text('tag') ? { tag: text('tag') } : {}),
    };
  }, [params]);
  const change = useCallback(
    (next: Partial<Record<keyof ClientFilters, string>>) =>
      setParams(
        (current) => {
          const updated = new URLSearchParams(current);
          for (const [key, value] of Object.entries(next)) {
            if (value === undefined || value === '' || (key === 'sort' && value === 'lastName'))
              updated.delete(key);
            else updated.set(key, value);
          }
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [filters, change];
}
