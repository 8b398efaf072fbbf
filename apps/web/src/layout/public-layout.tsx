import type { ReactNode } from 'react';
import { Brand, SkipLink } from './brand';

/** Signed-out pages: the brand on top, one centred card. */
export function PublicLayout(props: {
  readonly title: string;
  readonly lead?: ReactNode;
  readonly children: ReactNode;
  readonly footer?: ReactNode;
  readonly brand?: string;
}) {
  return (
    <div className="public">
      <SkipLink />
      <header className="public__header">
        <Brand label={props.brand ?? 'Studio portal'} />
      </header>
      <main id="main" className="public__main">
        <div className="card card--narrow">
          <h1 className="card__title">{props.title}</h1>
          {props.lead && <div className="card__lead">{props.lead}</div>}
          {props.children}
        </div>
        {props.footer && <div className="public__footer">{props.footer}</div>}
      </main>
    </div>
  );
}
