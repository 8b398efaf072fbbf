import { type FormEvent, useState } from 'react';
import {
  addClientToProject,
  type Client,
  createProject,
  listClients,
  listProjects,
  type Project,
  removeClientFromProject,
  renameProject,
} from '../../api';
import { StaffLayout } from '../../layout/staff-layout';
import { useDocumentTitle } from '../../ui/document-title';
import { FormError, TextField } from '../../ui/field';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../../ui/form-errors';
import { fullName } from '../../ui/format';
import { describeError, EmptyState, ErrorState, Loading } from '../../ui/states';
import { useToast } from '../../ui/toast';
import { useAsync } from '../../ui/use-async';

/** The studio's projects: create, rename, and add or remove the clients in each. */
export function ProjectsPage() {
  useDocumentTitle('Projects');
  const projects = useAsync((signal) => listProjects({ limit: 100 }, signal), []);
  // The studio's clients, to pick from and to name the members (the first 100, by name).
  const clients = useAsync((signal) => listClients({ sort: 'lastName', limit: 100 }, signal), []);
  const [creating, setCreating] = useState(false);
  const clientList = clients.state.status === 'ready' ? clients.state.data.items : [];

  return (
    <StaffLayout>
      <div className="page-head">
        <div>
          <h1 className="page-title">Projects</h1>
          <p className="muted">Add clients to a project and they see it on their dashboard.</p>
        </div>
        {!creating && (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            New project
          </button>
        )}
      </div>
      {creating && (
        <NewProjectForm
          onCancel={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            projects.reload();
          }}
        />
      )}
      {projects.state.status === 'loading' && <Loading label="Loading projects…" />}
      {projects.state.status === 'error' && (
        <ErrorState
          error={projects.state.error}
          title="Projects could not be loaded"
          onRetry={projects.reload}
        />
      )}
      {projects.state.status === 'ready' &&
        (projects.state.data.items.length === 0 ? (
          <EmptyState title="No projects yet">
            <p>Create a project, then add the clients who work on it with you.</p>
          </EmptyState>
        ) : (
          <ul className="project-cards">
            {projects.state.data.items.map((project) => (
              <li key={project.id}>
                <ProjectCard project={project} clients={clientList} onChanged={projects.reload} />
              </li>
            ))}
          </ul>
        ))}
    </StaffLayout>
  );
}

function NewProjectForm(props: {
  readonly onCancel: () => void;
  readonly onCreated: (project: Project) => void;
}) {
  const toast = useToast();
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const project = await createProject(name);
      toast(`Created “${project.name}”.`);
      props.onCreated(project);
    } catch (error) {
      setErrors(formErrorsOf(error));
      setBusy(false);
    }
  };
  return (
    <form
      className="panel form form--inline"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label="New project"
    >
      <TextField
        label="Project name"
        name="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.fields.name}
        autoFocus
        required
      />
      <FormError message={errors.form} />
      <div className="form__actions">
        <button type="button" className="button button--ghost" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          Create project
        </button>
      </div>
    </form>
  );
}

function ProjectCard(props: {
  readonly project: Project;
  readonly clients: readonly Client[];
  readonly onChanged: () => void;
}) {
  const { project, clients, onChanged } = props;
  const toast = useToast();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(project.name);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pick, setPick] = useState('');
  const [busy, setBusy] = useState(false);
  const members = project.clientIds.map((id) => clients.find((c) => c.id === id) ?? { id, name: 'A client' });
  const candidates = clients.filter((c) => !project.clientIds.includes(c.id));

  const act = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      toast(done);
      onChanged();
    } catch (error) {
      toast(describeError(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await renameProject(project.id, name);
      setRenaming(false);
      toast('Project renamed.');
      onChanged();
    } catch (error) {
      setErrors(formErrorsOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="panel project-card" aria-labelledby={`project-${project.id}`}>
      {renaming ? (
        <form
          className="form form--inline"
          onSubmit={(e) => void rename(e)}
          noValidate
          aria-label={`Rename ${project.name}`}
        >
          <TextField
            label="Project name"
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.fields.name}
            autoFocus
          />
          <FormError message={errors.form} />
          <div className="form__actions">
            <button type="button" className="button button--ghost" onClick={() => setRenaming(false)}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              Save name
            </button>
          </div>
        </form>
      ) : (
        <div className="panel__head">
          <h2 className="panel__title" id={`project-${project.id}`}>
            {project.name}
          </h2>
          <button
            type="button"
            className="button button--ghost"
            aria-label={`Rename ${project.name}`}
            onClick={() => setRenaming(true)}
          >
            Rename
          </button>
        </div>
      )}
      {members.length === 0 ? (
        <p className="muted">No clients in this project yet.</p>
      ) : (
        <ul className="member-list" aria-label={`Clients in ${project.name}`}>
          {members.map((member) => {
            const label = 'firstName' in member ? fullName(member) : member.name;
            return (
              <li key={member.id}>
                <span>{label}</span>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={`Remove ${label} from ${project.name}`}
                  disabled={busy}
                  onClick={() =>
                    void act(
                      () => removeClientFromProject(project.id, member.id),
                      `${label} removed from ${project.name}.`,
                    )
                  }
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <form
        className="form form--row"
        onSubmit={(e) => {
          e.preventDefault();
          const chosen = clients.find((c) => c.id === pick);
          if (chosen)
            void act(
              () => addClientToProject(project.id, chosen.id),
              `${fullName(chosen)} added to ${project.name}.`,
            ).then(() => setPick(''));
        }}
        aria-label={`Add a client to ${project.name}`}
      >
        <div className="field">
          <label className="field__label" htmlFor={`add-to-${project.id}`}>
            Client to add
          </label>
          <select
            id={`add-to-${project.id}`}
            className="input input--select"
            value={pick}
            onChange={(e) => setPick(e.target.value)}
          >
            <option value="">Choose a client…</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {fullName(c)} ({c.email})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary" disabled={busy || pick === ''}>
          Add to project
        </button>
      </form>
    </article>
  );
}
