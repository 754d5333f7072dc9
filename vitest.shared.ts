/** Resolve workspace packages to their TypeScript sources, so tests need no build. */
export const conditions = ['@mloop/source', 'module', 'node', 'development|production'];

/** Spread into a project's config: the same conditions for client and SSR resolution. */
export const sourceResolve = { resolve: { conditions }, ssr: { resolve: { conditions } } };
