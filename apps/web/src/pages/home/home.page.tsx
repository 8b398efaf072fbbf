import { Link } from 'wouter';
import { Brand, SkipLink } from '../../layout/brand';
import { useDocumentTitle } from '../../ui/document-title';

/** What the portal is, and the two ways in. */
export function HomePage() {
  useDocumentTitle('');
  return (
    <div className="public">
      <SkipLink />
      <header className="public__header public__header--spread">
        <Brand />
        <Link href="/sign-in" className="button button--ghost">
          Sign in
        </Link>
      </header>
      <main id="main" className="hero">
        <h1 className="hero__title">Your studio&rsquo;s clients, in one calm place</h1>
        <p className="hero__lead">
          Keep every client of your design studio in one index, invite them into your client portal with a
          personal note, and let them follow the projects you share with them.
        </p>
        <div className="hero__actions">
          <Link href="/sign-up" className="button button--primary button--large">
            Create a studio
          </Link>
          <Link href="/sign-in" className="button button--secondary button--large">
            Sign in
          </Link>
        </div>
        <ul className="hero__points">
          <li>
            <strong>Client index.</strong> Search, filter and see at a glance who is active, invited or not
            yet in.
          </li>
          <li>
            <strong>Invitations.</strong> One click sends a link; resend, revoke or deactivate at any time.
          </li>
          <li>
            <strong>Client portal.</strong> Your clients set a password and see their projects with you.
          </li>
        </ul>
      </main>
    </div>
  );
}
