import { useEffect, useState } from 'react';
import { listClients } from '../../api';
import { StaffLayout } from '../../layout/staff-layout';
import { useDocumentTitle } from '../../ui/document-title';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { AccessTabs, tabId } from './access-tabs';
import { AddClientDialog } from './add-client-dialog';
import { CLIENT_SOURCES, CLIENT_TYPES, SORTS } from './client-options';
import { useClientFilters } from './client-query';
import { ClientTable } from './client-table';

const PAGE_SIZE = 25;
const PANEL_ID = 'client-list';

/** The studio's client index: access tabs with counts, search, filters, sort, keyset paging, Add client. */
export function ClientsPage() {
  useDocumentTitle('Clients');
  const [filters, change] = useClientFilters();
  // Keyset paging: the cursors of the pages before this one, so "Previous page" can go back.
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const cursor = cursors.at(-1);
  const filterKey = JSON.stringify(filters);
  const [search, setSearch] = useState(filters.q ?? '');
  const [adding, setAdding] = useState(false);
  const { state, reload } = useAsync(
    (signal) => listClients({ ...filters, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }, signal),
    [filterKey, cursor],
  );

  useEffect(() => setCursors([]), [filterKey]);
  // Typing searches after a short pause, not at every key.
  useEffect(() => {
    if ((filters.q ?? '') === search) return;
    const timer = window.setTimeout(() => change({ q: search }), 250);
    return () => window.clearTimeout(timer);
  }, [search, filters.q, change]);

  const page = state.status === 'ready' ? state.data : undefined;
  const filtered = Boolean(filters.q || filters.type || filters.source || filters.tag);

  return (
    <StaffLayout>
      <div className="page-head">
        <div>
          <h1 className="page-title">Clients</h1>
          <p className="muted">Everyone your studio works with, and their access to the portal.</p>
        </div>
        <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
          Add client
        </button>
      </div>

      <AccessTabs
        selected={filters.access}
        counts={page?.counts}
        panelId={PANEL_ID}
        onSelect={(access) => change({ access: access ?? '' })}
      />

      <div className="toolbar" role="search" aria-label="Clients">
        <div className="toolbar__search">
          <label htmlFor="client-search" className="visually-hidden">
            Search
          </label>
          <input
            id="client-search"
            className="input"
            type="search"
            placeholder="Search by name or email"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <FilterInput
          label="Type"
          value={filters.type}
          options={CLIENT_TYPES}
          onChange={(v) => change({ type: v })}
        />
        <FilterInput
          label="Source"
          value={filters.source}
          options={CLIENT_SOURCES}
          onChange={(v) => change({ source: v })}
        />
        <FilterInput label="Tag" value={filters.tag} onChange={(v) => change({ tag: v })} />
        <div className="toolbar__item toolbar__item--sort">
          <label htmlFor="client-sort" className="toolbar__label">
            Sort
          </label>
          <select
            id="client-sort"
            className="input input--select"
            value={filters.sort}
            onChange={(e) => change({ sort: e.target.value })}
          >
            {SORTS.map((sort) => (
              <option key={sort.value} value={sort.value}>
                {sort.label}
              </option>
            ))}
          </select>
        </div>
      </div>

      <section
        id={PANEL_ID}
        role="tabpanel"
        aria-labelledby={tabId(filters.access)}
        aria-busy={state.status === 'loading'}
        className="panel panel--flush"
      >
        {state.status === 'loading' && <Loading label="Loading clients…" />}
        {state.status === 'error' && <ErrorState error={state.error} onRetry={reload} />}
        {page && page.items.length === 0 && (
          <EmptyState title={filtered || filters.access ? 'No clients match' : 'No clients yet'}>
            {filtered || filters.access ? (
              <p>Try another tab, or clear the search and filters.</p>
            ) : (
              <>
                <p>Add your first client, then invite them into your portal.</p>
                <button type="button" className="button button--secondary" onClick={() => setAdding(true)}>
                  Add your first client
                </button>
              </>
            )}
          </EmptyState>
        )}
        {page && page.items.length > 0 && <ClientTable clients={page.items} />}
        {page && (cursors.length > 0 || page.nextCursor) && (
          <nav className="pager" aria-label="Pages">
            <button
              type="button"
              className="button button--secondary"
              disabled={cursors.length === 0}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous page
            </button>
            <span className="muted">Page {cursors.length + 1}</span>
            <button
              type="button"
              className="button button--secondary"
              disabled={!page.nextCursor}
              onClick={() => page.nextCursor && setCursors((c) => [...c, page.nextCursor!])}
            >
              Next page
            </button>
          </nav>
        )}
      </section>

      <AddClientDialog open={adding} onClose={() => setAdding(false)} onAdded={reload} />
    </StaffLayout>
  );
}

/** A filter typed freely, with the usual values suggested; applied when the field is left or Enter. */
function FilterInput(props: {
  readonly label: string;
  readonly value: string | undefined;
  readonly options?: readonly string[];
  readonly onChange: (value: string) => void;
}) {
  const [text, setText] = useState(props.value ?? '');
  useEffect(() => setText(props.value ?? ''), [props.value]);
  const id = `filter-${props.label.toLowerCase()}`;
  const apply = () => {
    if (text.trim() !== (props.value ?? '')) props.onChange(text.trim());
  };
  return (
    <div className="toolbar__item">
      <label htmlFor={id} className="toolbar__label">
        {props.label}
      </label>
      <input
        id={id}
        className="input input--filter"
        list={props.options ? `${id}-options` : undefined}
        placeholder="Any"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
      {props.options && (
        <datalist id={`${id}-options`}>
          {props.options.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
      )}
    </div>
  );
}
