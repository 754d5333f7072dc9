/**
 * One change of an alias, kept forever so that rollback is one call and the dashboard can show
 * who pointed `production` where, when and why.
 */
export interface RegistryV1AliasEvent {
  /** Monotonic id within the backend; orders events of one model. */
  readonly id: number;
  /** The registered model. */
  readonly model: string;
  /** The alias, e.g. `'production'`. */
  readonly alias: string;
  /** The version it points to after the change; `null` when the alias was deleted. */
  readonly version: number | null;
  /** The version it pointed to before; `null` when it did not exist. */
  readonly previousVersion: number | null;
  /** What kind of change: a plain set, a delete, or a rollback. */
  readonly action: 'set' | 'delete' | 'rollback';
  /** Why, as given by the caller (e.g. the promotion policy's reasons). */
  readonly reason: string;
  /** Unix ms. */
  readonly at: number;
}

/** Something that changed in a registry, as delivered to watchers (hot swap in another process). */
export type RegistryV1Change =
  | { readonly type: 'version-created'; readonly model: string; readonly version: number }
  | { readonly type: 'alias-moved'; readonly event: RegistryV1AliasEvent };
