declare const __PACKAGE_VERSION__: string | undefined;

/** The version of `@mloop/models`, written into model documents as `producer`. */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-source';

/** The `producer` field of every model document this package writes. */
export const PRODUCER = `@mloop/models@${VERSION}`;
