import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Redirect } from 'wouter';
import { getMe, isApiError, type Me, type PrincipalKind, signOut as endSession } from '../api';
import { ErrorState, Loading } from '../ui/states';
import { rememberStudio, signInPath } from './last-studio';

interface SessionValue {
  /** Who is signed in: unknown until asked (undefined), nobody (null), or the answer of `/me`. */
  readonly me: Me | null | undefined;
  readonly setMe: (me: Me | null | undefined) => void;
  readonly signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in person, shared by every page; the session itself is the gateway's HttpOnly cookie. */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const signOut = useCallback(async () => {
    try {
      await endSession();
    } catch (error) {
      // Already ended (deactivated, expired): signed out all the same.
      if (!isApiError(error) || error.status !== 401) throw error;
    }
    setMe(null);
  }, []);
  const value = useMemo(() => ({ me, setMe, signOut }), [me, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

/** The signed-in person inside a <RequireSession>. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe outside <RequireSession>');
  return me;
}

/**
 * Shows its children only to a signed-in person of the given kind. Without a session (or once it ended, e.g.
 * the client was deactivated) it sends the person to sign in; the other kind goes to its own home page.
 */
export function RequireSession(props: { readonly kind: PrincipalKind; readonly children: ReactNode }) {
  const { me, setMe } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (me !== undefined) return;
    const controller = new AbortController();
    getMe(controller.signal).then(
      (answer) => {
        rememberStudio(answer.studio.slug);
        setMe(answer);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(failure) && failure.status === 401) setMe(null);
        else setError(failure);
      },
    );
    return () => controller.abort();
  }, [me, setMe, attempt]);

  if (me === null) return <Redirect to={signInPath('session-ended')} replace />;
  if (me === undefined) {
    if (error)
      return (
        <main className="page page--center" id="main">
          <ErrorState
            error={error}
            onRetry={() => {
              setError(null);
              setAttempt((n) => n + 1);
            }}
          />
        </main>
      );
    return (
      <main className="page page--center" id="main">
        <Loading />
      </main>
    );
  }
  if (me.principal.kind !== props.kind)
    return <Redirect to={me.principal.kind === 'staff' ? '/clients' : '/dashboard'} replace />;
  return <>{props.children}</>;
}
