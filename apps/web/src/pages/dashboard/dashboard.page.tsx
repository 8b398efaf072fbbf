import { useLocation } from 'wouter';
import { Brand, SkipLink } from '../../layout/brand';
import { signInPath } from '../../session/last-studio';
import { useMe, useSession } from '../../session/session';
import { useDocumentTitle } from '../../ui/document-title';
import { describeError, EmptyState } from '../../ui/states';
import { useToast } from '../../ui/toast';

/** The client's portal: their studio and the projects the studio added them to. */
export function DashboardPage() {
  const me = useMe();
  const { signOut } = useSession();
  const [, navigate] = useLocation();
  const toast = useToast();
  useDocumentTitle(me.studio.name);
  const leave = () =>
    signOut().then(
      () => navigate(signInPath('signed-out')),
      (error: unknown) => toast(describeError(error), 'error'),
    );

  return (
    <div className="shell">
      <SkipLink />
      <header className="topbar">
        <Brand label={me.studio.name} href="/dashboard" />
        <div className="topbar__user">
          <span className="topbar__name">
            {me.principal.firstName} {me.principal.lastName}
          </span>
          <button type="button" className="button button--ghost" onClick={() => void leave()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="shell__main shell__main--narrow">
        <p className="eyebrow">{me.studio.name}</p>
        <h1 className="page-title">Hello, {me.principal.firstName}</h1>
        <p className="muted">Your projects with {me.studio.name}.</p>
        <section className="panel" aria-labelledby="projects-heading">
          <h2 id="projects-heading" className="panel__title">
            Your projects
          </h2>
          {me.projects.length === 0 ? (
            <EmptyState title="No projects yet">
              When {me.studio.name} adds you to a project, it appears here.
            </EmptyState>
          ) : (
            <ul className="project-list">
              {me.projects.map((project) => (
                <li key={project.id} className="project-list__item">
                  <span className="project-list__icon" aria-hidden="true" />
                  <span>{project.name}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </div>
  );
}
