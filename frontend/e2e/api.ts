// Reads straight from the API, for tests that need to know the demo's data (a pupil's name,
// this academic year) rather than hard-code it.
import { expect, type APIRequestContext } from '@playwright/test';
import { PASSWORD } from './helpers';

export async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const response = await request.post('/api/v1/auth/token', {
    form: { grant_type: 'password', username: email, password: PASSWORD },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function apiGet<T>(request: APIRequestContext, token: string, path: string): Promise<T> {
  const response = await request.get(path, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.ok(), `${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

export interface ApiPupil {
  id: number;
  upn: string | null;
  legal_first_name: string;
  legal_last_name: string;
  preferred_first_name: string | null;
  preferred_last_name: string | null;
  enrolment: { year_group: string; class_name: string | null; school_name: string } | null;
}

export const shownName = (p: ApiPupil) =>
  `${p.preferred_first_name ?? p.legal_first_name} ${p.preferred_last_name ?? p.legal_last_name}`;

export async function currentYear(request: APIRequestContext, token: string): Promise<string> {
  const years = await apiGet<{ code: string; is_current: boolean }[]>(request, token, '/api/v1/academic-years');
  const current = years.find((y) => y.is_current);
  expect(current, 'a current academic year').toBeTruthy();
  return current!.code;
}
