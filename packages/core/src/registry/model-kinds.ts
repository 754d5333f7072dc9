import { AlreadyExistsError } from '../errors/already-exists-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SerializationError } from '../errors/serialization-error';
import type { EstimatorV1, ModelKindV1 } from '../spec/model/v1/estimator-v1';

/**
 * The estimator classes a registry can load back, by `kind`. Pass the classes of
 * `@mloop/models` (or your own) to `createMloop({ models })`.
 */
export class ModelKinds {
  readonly #kinds = new Map<string, ModelKindV1>();

  /** @param kinds Classes (or anything with `kind` and `fromJSON`). */
  constructor(kinds: Iterable<ModelKindV1> = []) {
    for (const kind of kinds) this.add(kind);
  }

  /**
   * Adds a kind.
   * @throws {AlreadyExistsError} ALREADY_EXISTS when another class already claims the kind.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when it has no `kind` or `fromJSON`.
   */
  add(kind: ModelKindV1): this {
    if (typeof kind?.kind !== 'string' || typeof kind.fromJSON !== 'function') {
      throw new InvalidArgumentError({
        message: 'A model kind needs a string `kind` and a `fromJSON` function.',
        field: 'models',
      });
    }
    const existing = this.#kinds.get(kind.kind);
    if (existing && existing !== kind) {
      throw new AlreadyExistsError({
        message: `Model kind "${kind.kind}" is registered twice.`,
        entity: 'model-kind',
        id: kind.kind,
      });
    }
    this.#kinds.set(kind.kind, kind);
    return this;
  }

  /** The registered kind names, sorted. */
  get names(): string[] {
    return [...this.#kinds.keys()].sort();
  }

  /**
   * Rebuilds an estimator from its document.
   * @throws {SerializationError} SERIALIZATION for a document without a known `kind`.
   */
  load(document: unknown): EstimatorV1<unknown> {
    const kind = (document as { kind?: unknown } | null)?.kind;
    const entry = typeof kind === 'string' ? this.#kinds.get(kind) : undefined;
    if (!entry) {
      throw new SerializationError({
        message: `Cannot load a model of kind ${JSON.stringify(kind)}: known kinds are ${this.names.join(', ') || 'none'}. Pass its class to createMloop({ models: [...] }).`,
        kind: typeof kind === 'string' ? kind : undefined,
      });
    }
    return entry.fromJSON(document);
  }
}
