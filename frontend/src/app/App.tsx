import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { RequireSession } from '../features/auth/RequireSession';
import { SignInPage } from '../features/auth/SignInPage';
import { SessionProvider } from '../features/auth/session';
import { ClientsPage } from '../features/clients/ClientsPage';
import { CalendarPage } from '../features/setup/CalendarPage';
import { TrustSetupPage } from '../features/setup/TrustSetupPage';
import { TrustsSetupPage } from '../features/setup/TrustsSetupPage';
import { AcceptInvitationPage } from '../features/people/AcceptInvitationPage';
import { PeoplePage } from '../features/people/PeoplePage';
import { PersonPage } from '../features/people/PersonPage';
import { ForgotPasswordPage, ResetPasswordPage } from '../features/people/ResetPasswordPage';
import { SignInCallbackPage } from '../features/schoolAccounts/SignInCallbackPage';
import { ImportPage } from '../features/imports/ImportPage';
import { PupilPage } from '../features/pupils/PupilPage';
import { InterventionPage } from '../features/interventions/InterventionPage';
import { InterventionsPage } from '../features/interventions/InterventionsPage';
import { FrameworksPage } from '../features/maturity/FrameworksPage';
import { MaturityPage } from '../features/maturity/MaturityPage';
import { ReviewPage } from '../features/maturity/ReviewPage';
import { TrustMaturityPage } from '../features/maturity/TrustMaturityPage';
import { MeetingPage } from '../features/meetings/MeetingPage';
import { CategoryPage } from '../features/oversight/CategoryPage';
import { HomePage } from '../features/home/HomePage';
import { SchedulePage } from '../features/oversight/SchedulePage';
import { OversightSetupPage } from '../features/oversight/OversightSetupPage';
import { DashboardPage } from '../features/oversight/DashboardPage';
import { ActivityPage } from '../features/monitoring/ActivityPage';
import { MonitoringPage } from '../features/monitoring/MonitoringPage';
import { MeetingPrintPage } from '../features/meetings/MeetingPrintPage';
import { MeetingsPage } from '../features/meetings/MeetingsPage';
import { MyActionsPage } from '../features/plans/MyActionsPage';
import { PlanHistoryPage } from '../features/plans/PlanHistoryPage';
import { PlanPage } from '../features/plans/PlanPage';
import { PlanPrintPage } from '../features/plans/PlanPrintPage';
import { PlansPage } from '../features/plans/PlansPage';
import { PupilsPage } from '../features/pupils/PupilsPage';
import { SchoolPage } from '../features/schools/SchoolPage';
import { SchoolsPage } from '../features/schools/SchoolsPage';
import { ClassTrackerPage } from '../features/tracking/ClassTrackerPage';
import { FlagsPage } from '../features/tracking/FlagsPage';
import { GapsPage } from '../features/tracking/GapsPage';
import { GridPage } from '../features/tracking/GridPage';
import { MutedFlagsPage } from '../features/tracking/MutedFlagsPage';
import { TargetGroupPage } from '../features/tracking/TargetGroupPage';
import { TargetGroupsPage } from '../features/tracking/TargetGroupsPage';
import { TransitionPage } from '../features/tracking/TransitionPage';
import { TrustOverviewPage } from '../features/tracking/TrustOverviewPage';
import type { Api } from '../lib/apiClient';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';

export function App({ api }: { api: Api }) {
  return (
    <SessionProvider api={api}>
      <BrowserRouter>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/sign-in/callback" element={<SignInCallbackPage />} />
          <Route path="/invitations/:token" element={<AcceptInvitationPage />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
          <Route
            element={
              <RequireSession>
                <Layout />
              </RequireSession>
            }
          >
            {/* Signing in lands on one's home: a trust leader's is the trust dashboard. */}
            <Route index element={<Navigate to="/home" replace />} />
            <Route path="schools" element={<SchoolsPage />} />
            <Route path="schools/:schoolId" element={<SchoolPage />} />
            <Route path="schools/:schoolId/tracking" element={<GridPage />} />
            <Route path="schools/:schoolId/tracking/transition" element={<TransitionPage />} />
            <Route path="schools/:schoolId/tracking/gaps" element={<GapsPage />} />
            <Route path="schools/:schoolId/tracking/flags" element={<FlagsPage />} />
            <Route path="schools/:schoolId/tracking/mutes" element={<MutedFlagsPage />} />
            <Route path="schools/:schoolId/tracking/target-groups" element={<TargetGroupsPage />} />
            <Route path="schools/:schoolId/tracking/target-groups/:groupId" element={<TargetGroupPage />} />
            <Route path="schools/:schoolId/classes/:classId/tracking" element={<ClassTrackerPage />} />
            <Route path="schools/:schoolId/clients" element={<ClientsPage />} />
            <Route path="schools/:schoolId/people" element={<PeoplePage />} />
            <Route path="people/:userId" element={<PersonPage />} />
            <Route path="trust" element={<TrustOverviewPage />} />
            <Route path="setup" element={<TrustsSetupPage />} />
            <Route path="setup/trusts/:trustId" element={<TrustSetupPage />} />
            <Route path="setup/trusts/:trustId/calendar" element={<CalendarPage />} />
            <Route path="schools/:schoolId/plans" element={<PlansPage />} />
            <Route path="schools/:schoolId/meetings" element={<MeetingsPage />} />
            <Route path="meetings/:meetingId" element={<MeetingPage />} />
            <Route path="meetings/:meetingId/print" element={<MeetingPrintPage />} />
            <Route path="schools/:schoolId/interventions" element={<InterventionsPage />} />
            <Route path="interventions/:interventionId" element={<InterventionPage />} />
            <Route path="schools/:schoolId/maturity" element={<MaturityPage />} />
            <Route path="maturity-reviews/:reviewId" element={<ReviewPage />} />
            <Route path="trusts/:trustId/maturity" element={<TrustMaturityPage />} />
            <Route path="trusts/:trustId/frameworks" element={<FrameworksPage />} />
            <Route path="schools/:schoolId/monitoring" element={<MonitoringPage />} />
            <Route path="schools/:schoolId/category" element={<CategoryPage />} />
            <Route path="home" element={<HomePage />} />
            <Route path="trusts/:trustId/qa" element={<SchedulePage />} />
            <Route path="trusts/:trustId/oversight-setup" element={<OversightSetupPage />} />
            <Route path="trusts/:trustId/dashboard" element={<DashboardPage />} />
            <Route path="monitoring-activities/:activityId" element={<ActivityPage />} />
            <Route path="plans/:planId" element={<PlanPage />} />
            <Route path="plans/:planId/print" element={<PlanPrintPage />} />
            <Route path="plans/:planId/history" element={<PlanHistoryPage />} />
            <Route path="my-actions" element={<MyActionsPage />} />
            <Route path="pupils" element={<PupilsPage />} />
            <Route path="pupils/:pupilId" element={<PupilPage />} />
            <Route path="imports" element={<ImportPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
