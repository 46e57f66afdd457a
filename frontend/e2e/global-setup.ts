import { accessSync, constants } from 'node:fs';
import { CHROMIUM } from './chromium';

// A missing browser must fail the run, never skip it.
export default function globalSetup(): void {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Install Debian's package ` +
        '(`apt-get install chromium`) or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
}
