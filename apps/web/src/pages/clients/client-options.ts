import type { ClientSort } from '../../api';

/** Suggestions only: a studio may use any type, source or tag of its own. */
export const CLIENT_TYPES = ['Lead', 'Residential', 'Commercial'] as const;
export const CLIENT_SOURCES = ['Referral', 'Instagram', 'Website', 'Package purchase'] as const;

export const SORTS: readonly { readonly value: ClientSort; readonly label: string }[] = [
  { value: 'lastName', label: 'Last name, A to Z' },
  { value: '-lastName', label: 'Last name, Z to A' },
  { value: 'firstName', label: 'First name, A to Z' },
  { value: 'email', label: 'Email, A to Z' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
];

/** "VIP, kitchen ,  " → ["VIP", "kitchen"] */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  ];
}
