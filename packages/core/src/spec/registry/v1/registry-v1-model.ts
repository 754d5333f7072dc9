/** A registered model: a name that versions are numbered under. */
export interface RegistryV1Model {
  /** Unique name, 1–256 characters: letters, digits, `_ - .`. */
  readonly name: string;
  /** Free text. */
  readonly description: string;
  /** Tags; set again → overwritten. */
  readonly tags: Readonly<Record<string, string>>;
  /** Current aliases → version number. */
  readonly aliases: Readonly<Record<string, number>>;
  /** The highest version number ever created (0 when none); numbers are never reused. */
  readonly latestVersion: number;
  /** Creation time, Unix ms. */
  readonly createdAt: number;
  /** Last change (a version, tag or alias), Unix ms. */
  readonly updatedAt: number;
}

/** Input of `createModel`. */
export interface RegistryV1CreateModelInput {
  /** Unique name. */
  readonly name: string;
  /** Free text. */
  readonly description?: string;
  /** Initial tags. */
  readonly tags?: Readonly<Record<string, string>>;
}
