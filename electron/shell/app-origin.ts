// The renderer's own origin. The app is served from a privileged custom scheme (app://terminal/)
// rather than file://: a file:// page shares its origin with every file on disk, while app:// is
// one origin that serves only dist/renderer. Sender checks, permission checks and navigation rules
// all ask this one function whether a URL is the app.
export const APP_SCHEME = 'app';
export const APP_HOST = 'terminal';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
