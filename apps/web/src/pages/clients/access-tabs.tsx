import { type KeyboardEvent, useRef } from 'react';
import type { Access } from '../../api';

const TABS: readonly { readonly label: string; readonly access: Access | undefined }[] = [
  { label: 'All', access: undefined },
  { label: 'Active', access: 'Active' },
  { label: 'Invited', access: 'Invited' },
  { label: 'Inactive', access: 'Inactive' },
];

export const tabId = (access: Access | undefined) => `tab-${access ?? 'all'}`;

/**
 * The index's access tabs with the studio's counts (whatever the other filters). Each tab is named by its
 * word alone ("Active"); its count is read as the tab's description. Arrow keys move between tabs.
 */
export function AccessTabs(props: {
  readonly selected: Access | undefined;
  readonly counts: Readonly<Record<Access, number>> | undefined;
  readonly onSelect: (access: Access | undefined) => void;
  readonly panelId: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const countOf = (access: Access | undefined) => {
    const counts = props.counts;
    if (!counts) return undefined;
    return access ? counts[access] : counts.Active + counts.Invited + counts.Inactive;
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const jump = event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : undefined;
    if (step === 0 && jump === undefined) return;
    event.preventDefault();
    const next = jump ?? (index + step + TABS.length) % TABS.length;
    refs.current[next]?.focus();
    props.onSelect(TABS[next]!.access);
  };
  return (
    <div className="tabs" role="tablist" aria-label="Studio access">
      {TABS.map((tab, index) => {
        const selected = tab.access === props.selected;
        const count = countOf(tab.access);
        return (
          <button
            key={tab.label}
            ref={(element) => {
              refs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={tabId(tab.access)}
            className="tab"
            aria-selected={selected}
            aria-controls={props.panelId}
            aria-describedby={count === undefined ? undefined : `${tabId(tab.access)}-count`}
            tabIndex={selected ? 0 : -1}
            onClick={() => props.onSelect(tab.access)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            <span>{tab.label}</span>
            {count !== undefined && (
              <span className="tab__count" aria-hidden="true">
                {count}
              </span>
            )}
          </button>
        );
      })}
      {/* The counts as the tabs' descriptions: hidden, and outside the tabs so they stay out of their names. */}
      <div hidden>
        {TABS.map((tab) => {
          const count = countOf(tab.access);
          return count === undefined ? null : (
            <span key={tab.label} id={`${tabId(tab.access)}-count`}>
              {count === 1 ? '1 client' : `${count} clients`}
            </span>
          );
        })}
      </div>
    </div>
  );
}
