import { Link } from 'wouter';
import type { Client } from '../../api';
import { AccessBadge } from '../../ui/access-badge';
import { formatDate, fullName } from '../../ui/format';

/** One row a client: the name opens the profile. Narrow screens hide the less needed columns. */
export function ClientTable({ clients }: { readonly clients: readonly Client[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="hide-narrow">
              Email
            </th>
            <th scope="col">Access</th>
            <th scope="col" className="hide-medium">
              Type
            </th>
            <th scope="col" className="hide-medium">
              Source
            </th>
            <th scope="col" className="hide-medium">
              Tags
            </th>
            <th scope="col" className="hide-narrow">
              Added
            </th>
          </tr>
        </thead>
        <tbody>
          {clients.map((client) => (
            <tr key={client.id}>
              <td>
                <Link href={`/clients/${encodeURIComponent(client.id)}`} className="table__primary">
                  {fullName(client)}
                </Link>
                <span className="table__secondary show-narrow">{client.email}</span>
              </td>
              <td className="hide-narrow">{client.email}</td>
              <td>
                <AccessBadge access={client.access} />
              </td>
              <td className="hide-medium">{client.type ?? <span className="muted">—</span>}</td>
              <td className="hide-medium">{client.source ?? <span className="muted">—</span>}</td>
              <td className="hide-medium">
                {client.tags.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className="tags">
                    {client.tags.map((tag) => (
                      <li key={tag} className="tag">
                        {tag}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="hide-narrow">{formatDate(client.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
