import { InvalidArgumentError, type Label } from '@mloop/core';

/** A `classWeight` param: `'balanced'`, a label → weight map, or `null`. */
export type ClassWeightParam = 'balanced' | Readonly<Record<string, number>> | null;

/**
 * scikit-learn's `compute_class_weight`: one weight per class position. `'balanced'` gives
 * `n / (k · count)`; a map weights the classes it names (labels as strings) and leaves the others
 * at 1, but must then name only classes.
 * @throws {InvalidArgumentError} INVALID_ARGUMENT when a map leaves classes out and names labels that are not classes.
 */
export function computeClassWeights(
  classWeight: ClassWeightParam,
  classes: readonly Label[],
  encoded: Int32Array,
  estimator: string,
): Float64Array {
  const k = classes.length;
  const weights = new Float64Array(k).fill(1);
  if (classWeight === null) return weights;
  if (classWeight === 'balanced') {
    const counts = new Float64Array(k);
    for (const c of encoded) counts[c]++;
    for (let c = 0; c < k; c++) weights[c] = encoded.length / (k * counts[c]);
    return weights;
  }
  const unweighted: Label[] = [];
  for (let c = 0; c < k; c++) {
    const weight = classWeight[String(classes[c])];
    if (weight === undefined) unweighted.push(classes[c]);
    else weights[c] = weight;
  }
  if (unweighted.length > 0 && k - unweighted.length !== Object.keys(classWeight).length) {
    throw new InvalidArgumentError({
      message: `${estimator}: the classes ${JSON.stringify(unweighted)} are not in classWeight, whose keys ${JSON.stringify(Object.keys(classWeight))} are not all classes.`,
      field: 'classWeight',
    });
  }
  return weights;
}
