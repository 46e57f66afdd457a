// Browsers are not downloaded here: the tests drive the system's Chromium (Debian's package).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
