import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { RequireSession } from '../features/auth/RequireSession';
import { SignInPage } from '../features/auth/SignInPage';
import { SessionProvider } from '../features/auth/session';
import { ImportPage } from '../features/imports/ImportPage';
import { PupilPage } from '../features/pupils/PupilPage';
import { PupilsPage } from '../features/pupils/PupilsPage';
import { SchoolPage } from '../features/schools/SchoolPage';
import { SchoolsPage } from '../features/schools/SchoolsPage';
import type { Api } from '../lib/apiClient';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';

export function App({ api }: { api: Api }) {
  return (
    <SessionProvider api={api}>
      <BrowserRouter>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route
            element={
              <RequireSession>
                <Layout />
              </RequireSession>
            }
          >
            <Route index element={<Navigate to="/schools" replace />} />
            <Route path="schools" element={<SchoolsPage />} />
            <Route path="schools/:schoolId" element={<SchoolPage />} />
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
