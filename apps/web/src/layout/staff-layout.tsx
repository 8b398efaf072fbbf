import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { signInPath } from '../session/last-studio';
import { useMe, useSession } from '../session/session';
import { useToast } from '../ui/toast';
import { describeError } from '../ui/states';
import { Brand, SkipLink } from './brand';

const NAV = [
  { href: '/clients', label: 'Clients' },
  { href: '/projects', label: 'Projects' },
] as const;

/** The designer's pages: the studio, the sections, who is signed in, and sign out. */
export function StaffLayout({ children }: { readonly children: ReactNode }) {
  const me = useMe();
  const { signOut } = useSession();
  const [location, navigate] = useLocation();
  const toast = useToast();
  const leave = () =>
    signOut().then(
      () => navigate(signInPath('signed-out')),
      (error: unknown) => toast(describeError(error), 'error'),
    );
  return (
    <div className="shell">
      <SkipLink />
      <header className="topbar">
        <Brand label={me.studio.name} href="/clients" />
        <nav className="topbar__nav" aria-label="Sections">
          {NAV.map((item) => {
            const current = location === item.href || location.startsWith(`${item.href}/`);
            return (
              <Link
                key={item.href}
                href={item.href}
                className={current ? 'topbar__link topbar__link--current' : 'topbar__link'}
                aria-current={current ? 'page' : undefined}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="topbar__user">
          <span className="topbar__name">
            {me.principal.firstName} {me.principal.lastName}
          </span>
          <button type="button" className="button button--ghost" onClick={() => void leave()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="shell__main">
        {children}
      </main>
    </div>
  );
}
