import { Day } from '../../pages/format.tsx';

export interface LinkedIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly createdAt: Date;
  readonly lastSignInAt: Date | null;
}

/**
 * The provider identities linked to an account (issue 27): staff see which institution's
 * account (issuer and subject) signs this user in, to tell two provider accounts apart.
 */
export function UserIdentitiesSection({ identities }: { identities: readonly LinkedIdentity[] }) {
  if (identities.length === 0) return null;
  return (
    <section aria-labelledby="identities-heading">
      <h2 id="identities-heading">Institutional sign-in</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Issuer</th>
            <th scope="col">Subject</th>
            <th scope="col">Linked</th>
            <th scope="col">Last sign-in</th>
          </tr>
        </thead>
        <tbody>
          {identities.map((identity) => (
            <tr key={`${identity.issuer} ${identity.subject}`}>
              <td>{identity.issuer}</td>
              <td>
                <code>{identity.subject}</code>
              </td>
              <td>
                <Day value={identity.createdAt} />
              </td>
              <td>{identity.lastSignInAt ? <Day value={identity.lastSignInAt} /> : 'never'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
