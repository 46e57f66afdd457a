// The app's main sections. Tracking, plans and pupil progress meetings join this list as they
// are built; each entry is one link in the navigation bar, shown to those it is `for`.
import type { MeRead } from '../api/types';
import { can, mayImport, mayReadPupils, maySetUpTrusts } from '../features/auth/permissions';
import { seesWholeTrust } from '../features/auth/roles';

export interface Section {
  path: string;
  label: string;
  /** Who the link is offered to; everyone signed in when absent. */
  for?: (me: MeRead) => boolean;
}

export const SECTIONS: readonly Section[] = [
  // A trust leader's home is the trust dashboard.
  { path: '/home', label: 'Home', for: (me) => me.grants.length > 0 },
  { path: '/schools', label: 'Schools' },
  { path: '/pupils', label: 'Pupils', for: mayReadPupils },
  { path: '/imports', label: 'Import data', for: mayImport },
  { path: '/my-actions', label: 'My actions', for: (me) => can(me, 'plans:read') && !me.grants.every((g) => g.role === 'governor') },
  { path: '/trust', label: 'Trust overview', for: seesWholeTrust },
  { path: '/setup', label: 'Trust setup', for: maySetUpTrusts },
];

export function sectionsFor(me: MeRead): Section[] {
  return SECTIONS.filter((section) => !section.for || section.for(me));
}
