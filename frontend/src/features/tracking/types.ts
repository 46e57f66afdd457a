// Names for the tracking schemas of the generated client.
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

export type TrackingPoint = Schemas['termwise__tracking__schemas__PointRead'];
export type AssessmentPoint = Schemas['termwise__assessment__schemas__PointRead'];
export type Grid = Schemas['Grid'];
export type GridRow = Schemas['GridRow'];
export type GridColumn = Schemas['GridColumn'];
export type GridCell = Schemas['GridCell'];
export type PupilFlags = Schemas['PupilFlags'];
export type PupilFlag = Schemas['PupilFlag'];
export type GapTable = Schemas['GapTable'];
export type Gap = Schemas['Gap'];
export type GroupMeasures = Schemas['GroupMeasures'];
export type TransitionMatrix = Schemas['TransitionMatrix'];
export type TransitionCell = Schemas['TransitionCell'];
export type ClassTracker = Schemas['ClassTracker'];
export type TrackedPupil = Schemas['TrackedPupil'];
export type TrustOverview = Schemas['TrustOverview'];
export type SchoolHeadline = Schemas['SchoolHeadline'];
export type Flag = Schemas['Flag'];
export type Subgroup = Schemas['Subgroup'];
export type Attainment = Schemas['Attainment'];
export type TargetGroupRead = Schemas['TargetGroupRead'];
export type TargetGroupDetail = Schemas['TargetGroupDetail'];
export type Suggestions = Schemas['Suggestions'];
export type Suggestion = Schemas['Suggestion'];
export type GroupProgress = Schemas['GroupProgress'];
export type Term = TargetGroupRead['term'];
export type TargetGroupUpdate = Schemas['TargetGroupUpdate'];
export type FlagMuteCreate = Schemas['FlagMuteCreate'];
export type FlagMuteRead = Schemas['FlagMuteRead'];
export type MutedFlag = Schemas['MutedFlag'];
