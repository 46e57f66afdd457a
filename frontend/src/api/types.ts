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
export type Permission = Schemas['Permission'];
export type PupilRead = Schemas['PupilRead'];
export type PupilDetail = Schemas['PupilDetail'];
export type EnrolmentRead = Schemas['EnrolmentRead'];
export type CharacteristicsRead = Schemas['CharacteristicsRead'];
export type SenStatus = Schemas['SenStatus'];
export type Gender = Schemas['Gender'];
export type AssessmentRead = Schemas['AssessmentRead'];
export type BatchResult = Schemas['BatchResult'];
export type FieldError = Schemas['FieldError'];
export type QualitySummary = Schemas['QualitySummary'];
export type MissingResults = Schemas['MissingResults'];
export type YearGroupRead = Schemas['YearGroupRead'];
export type ImportJobRead = Schemas['ImportJobRead'];
export type ImportUpload = Schemas['Body_imports_create'];
export type QualityItem = Schemas['QualityItem'];
export type SubjectRead = Schemas['SubjectRead'];
export type StageCode = Schemas['StageCode'];
