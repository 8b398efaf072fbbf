import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { DashboardPage } from './pages/dashboard/dashboard.page';
import { EmailVerificationPage } from './pages/email-verification/email-verification.page';
import { HomePage } from './pages/home/home.page';
import { InvitationPage } from './pages/invitation/invitation.page';
import { NotFoundPage } from './pages/not-found/not-found.page';
import { ForgotPasswordPage } from './pages/password/forgot-password.page';
import { PasswordResetPage } from './pages/password/password-reset.page';
import { ChooseStudioPage } from './pages/sign-in/choose-studio.page';
import { SignInPage } from './pages/sign-in/sign-in.page';
import { RequireSession } from './session/session';
import { RouteFocus } from './ui/route-focus';
import { Loading } from './ui/states';

// The designer's pages load on demand: the client portal's first load carries only what a client needs.
const SignUpPage = lazy(() =>
  import('./pages/sign-up/sign-up.page').then((m) => ({ default: m.SignUpPage })),
);
const ClientsPage = lazy(() =>
  import('./pages/clients/clients.page').then((m) => ({ default: m.ClientsPage })),
);
const ClientProfilePage = lazy(() =>
  import('./pages/client-profile/client-profile.page').then((m) => ({ default: m.ClientProfilePage })),
);
const ProjectsPage = lazy(() =>
  import('./pages/projects/projects.page').then((m) => ({ default: m.ProjectsPage })),
);

/**
 * The pages of SPEC §4. The gateway answers exactly these paths with the app (its list is in
 * services/gateway/src/web/page-paths.ts: keep the two in step).
 */
export function AppRoutes() {
  return (
    <Suspense
      fallback={
        <main className="page page--center" id="main">
          <Loading />
        </main>
      }
    >
      <RouteFocus />
      <Switch>
        <Route path="/" component={HomePage} />
        <Route path="/sign-in" component={ChooseStudioPage} />
        <Route path="/sign-up" component={SignUpPage} />
        <Route path="/studios/:slug/sign-in" component={SignInPage} />
        <Route path="/studios/:slug/forgot-password" component={ForgotPasswordPage} />
        <Route path="/password-resets/:token" component={PasswordResetPage} />
        <Route path="/invitations/:token" component={InvitationPage} />
        <Route path="/email-verifications/:token" component={EmailVerificationPage} />
        <Route path="/dashboard">
          <RequireSession kind="client">
            <DashboardPage />
          </RequireSession>
        </Route>
        <Route path="/clients">
          <RequireSession kind="staff">
            <ClientsPage />
          </RequireSession>
        </Route>
        <Route path="/clients/:id">
          <RequireSession kind="staff">
            <ClientProfilePage />
          </RequireSession>
        </Route>
        <Route path="/projects">
          <RequireSession kind="staff">
            <ProjectsPage />
          </RequireSession>
        </Route>
        <Route component={NotFoundPage} />
      </Switch>
    </Suspense>
  );
}
