// The app's main sections. Tracking, plans and pupil progress meetings join this list as they
// are built; each entry is one link in the navigation bar.
export interface Section {
  path: string;
  label: string;
}

export const SECTIONS: readonly Section[] = [{ path: '/schools', label: 'Schools' }];
