import { ModelKinds } from '@mloop/core';
import { describe, expect, it } from 'vitest';
import { checkedEstimatorClasses, modelKinds } from './model-kinds';

describe('modelKinds()', () => {
  it('lists every class once, and a core ModelKinds registry built from it restores each kind', () => {
    const kinds = modelKinds();
    expect(new Set(kinds.map((kind) => kind.kind)).size).toBe(kinds.length);
    const registry = new ModelKinds(kinds);
    for (const model of checkedEstimatorClasses()) {
      const document = JSON.parse(JSON.stringify(new model(model.testParams[0])));
      const restored = registry.load(document);
      expect(restored.kind).toBe(model.kind);
      expect(restored.isFitted).toBe(false);
    }
    expect(() => registry.load({ kind: 'Nope' })).toThrow(/Nope/);
  });
});
