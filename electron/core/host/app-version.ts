// The app's version (package.json), reported to the central at enrollment and in heartbeats.
// Imported as JSON so the bundler inlines it: the bundled host has no package.json beside it.
import pkg from '../../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
