import { useCallback } from 'react';
import { Link, useParams } from 'wouter';
import { type Client, getClient, getClientHistory, isApiError } from '../../api';
import { StaffLayout } from '../../layout/staff-layout';
import { AccessBadge } from '../../ui/access-badge';
import { useDocumentTitle } from '../../ui/document-title';
import { formatDate, fullName } from '../../ui/format';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { AccessPanel } from './access-panel';
import { HistoryTimeline } from './history-timeline';
import { ProfileForm } from './profile-form';

/** One client: the editable profile, portal access and invitation, projects, and the history. */
export function ClientProfilePage() {
  const { id = '' } = useParams<{ id: string }>();
  const client = useAsync((signal) => getClient(id, signal), [id]);
  const history = useAsync((signal) => getClientHistory(id, signal), [id]);
  const { replace: replaceClient } = client;
  const { reload: reloadHistory } = history;
  const changed = useCallback(
    (next: Client) => {
      replaceClient(next);
      reloadHistory();
    },
    [replaceClient, reloadHistory],
  );
  useDocumentTitle(client.state.status === 'ready' ? fullName(client.state.data) : 'Client');

  return (
    <StaffLayout>
      <p className="breadcrumb">
        <Link href="/clients">Clients</Link>
      </p>
      {client.state.status === 'loading' && <Loading label="Loading the client…" />}
      {client.state.status === 'error' &&
        (isApiError(client.state.error) && client.state.error.status === 404 ? (
          <EmptyState title="No such client">
            <p>It may have been a mistyped address. Go back to the client list.</p>
          </EmptyState>
        ) : (
          <ErrorState error={client.state.error} onRetry={client.reload} />
        ))}
      {client.state.status === 'ready' && (
        <>
          <div className="page-head">
            <div>
              <h1 className="page-title">
                {fullName(client.state.data)} <AccessBadge access={client.state.data.access} />
              </h1>
              <p className="muted">
                {client.state.data.email} · added {formatDate(client.state.data.createdAt)}
              </p>
            </div>
          </div>
          <div className="profile-grid">
            <section className="panel" aria-labelledby="profile-heading">
              <h2 id="profile-heading" className="panel__title">
                Profile
              </h2>
              <ProfileForm client={client.state.data} onSaved={changed} onReload={client.reload} />
            </section>
            <div className="stack">
              <AccessPanel client={client.state.data} onChanged={changed} />
              <section className="panel" aria-labelledby="projects-heading">
                <h2 id="projects-heading" className="panel__title">
                  Projects
                </h2>
                {client.state.data.projects.length === 0 ? (
                  <p className="muted">
                    Not in any project yet. Add {client.state.data.firstName} to one from{' '}
                    <Link href="/projects">Projects</Link>.
                  </p>
                ) : (
                  <ul className="project-list">
                    {client.state.data.projects.map((project) => (
                      <li key={project.id} className="project-list__item">
                        <span className="project-list__icon" aria-hidden="true" />
                        {project.name}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
          </div>
          <section className="panel" aria-labelledby="history-heading">
            <h2 id="history-heading" className="panel__title">
              History
            </h2>
            {history.state.status === 'loading' && <Loading label="Loading the history…" />}
            {history.state.status === 'error' && (
              <ErrorState error={history.state.error} onRetry={history.reload} />
            )}
            {history.state.status === 'ready' && <HistoryTimeline events={history.state.data.events} />}
          </section>
        </>
      )}
    </StaffLayout>
  );
}
