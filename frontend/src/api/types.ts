// Friendly names for the generated schema types. Nothing here is written by hand but the names.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Problem = Schemas['Problem'];
export type TokenRead = Schemas['TokenRead'];
export type MeRead = Schemas['MeRead'];
export type GrantRead = Schemas['GrantRead'];
export type SchoolRead = Schemas['SchoolRead'];
export type TrustRead = Schemas['TrustRead'];
export type ClassRead = Schemas['ClassRead'];
export type AcademicYearRead = Schemas['AcademicYearRead'];
export type Phase = Schemas['Phase'];
export type TokenForm = Schemas['Body_auth_token'];
