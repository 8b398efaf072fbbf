import type { ReactNode } from 'react';
import { isApiError } from '../api';
import { sentence } from './form-errors';

export function Loading({ label = 'Loading…' }: { readonly label?: string }) {
  return (
    <div className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** A load that failed: what happened, and a way to try again. */
export function ErrorState(props: {
  readonly error: unknown;
  readonly title?: string;
  readonly onRetry?: () => void;
}) {
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">{props.title ?? 'This could not be loaded'}</p>
      <p className="state__text">{describeError(props.error)}</p>
      {props.onRetry && (
        <button type="button" className="button button--secondary" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState(props: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <p className="state__title">{props.title}</p>
      {props.children && <div className="state__text">{props.children}</div>}
    </div>
  );
}

export function describeError(error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'rate-limited')
      return `Too many attempts. Wait ${error.retryAfterSeconds ?? 'a few'} seconds and try again.`;
    return sentence(error.detail);
  }
  return 'Something went wrong. Try again.';
}
