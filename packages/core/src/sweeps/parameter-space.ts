import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { normalCdf, normalPpf } from '../numeric/normal';
import type { ResolvedSweepConfig, SweepValue } from './sweep-config';

type ParameterSpec = ResolvedSweepConfig['parameters'][string];

/**
 * One parameter of a sweep with its unit-cube mapping (W&B `params.py`): `ppf` maps u ∈ [0, 1]
 * to a value, `cdf` maps a value back; constants are not searched.
 */
export interface SweepDimension {
  /** Parameter name. */
  readonly name: string;
  /** The resolved distribution. */
  readonly kind: string;
  /** Whether the value is fixed (not part of the search vector). */
  readonly constant: boolean;
  /** The values of a grid over this parameter, or `undefined` when it has no finite grid. */
  readonly grid: readonly SweepValue[] | undefined;
  /** Value at the unit-cube coordinate u. */
  ppf(u: number): SweepValue;
  /** Unit-cube coordinate of a value. */
  cdf(value: SweepValue): number;
}

function roundTo(value: number, q: number): number {
  const rounded = Math.round(value / q) * q;
  return Number.isInteger(q) ? Math.round(rounded) : rounded;
}

function categorical(name: string, values: readonly SweepValue[], probabilities?: readonly number[]): SweepDimension {
  const n = values.length;
  const cumulative = probabilities
    ? probabilities.map((_, i) => probabilities.slice(0, i + 1).reduce((a, b) => a + b, 0))
    : undefined;
  return {
    name,
    kind: 'categorical',
    constant: false,
    grid: values,
    ppf(u) {
      if (cumulative) {
        const index = cumulative.findIndex((c) => u <= c);
        return values[index < 0 ? n - 1 : index];
      }
      // ceil(u·n) − 1, clamped: W&B's u = 0 wraps to the last value through Python indexing.
      return values[Math.min(n - 1, Math.max(0, Math.ceil(u * n) - 1))];
    },
    cdf(value) {
      const index = values.indexOf(value);
      if (index < 0) return 0;
      return cumulative ? cumulative[index] : (index + 1) / n;
    },
  };
}

function numeric(name: string, spec: Extract<ParameterSpec, { min: number }>): SweepDimension {
  const { min, max } = spec;
  const kind = spec.distribution ?? (Number.isInteger(min) && Number.isInteger(max) ? 'int_uniform' : 'uniform');
  const q = spec.q;
  const asNumber = (value: SweepValue) => (typeof value === 'number' ? value : Number(value));
  switch (kind) {
    case 'int_uniform': {
      const grid = Array.from({ length: max - min + 1 }, (_, i) => min + i);
      return {
        name,
        kind,
        constant: false,
        grid: grid.length <= 100_000 ? grid : undefined,
        ppf: (u) => Math.min(max, Math.max(min, Math.ceil(u * (max - min + 1)) + min - 1)),
        cdf: (value) => (asNumber(value) - min + 1) / (max - min + 1),
      };
    }
    case 'uniform':
    case 'q_uniform': {
      const grid =
        q !== undefined
          ? Array.from({ length: Math.ceil((max - min) / q) }, (_, i) => roundTo(min + i * q, q))
          : undefined;
      return {
        name,
        kind,
        constant: false,
        grid,
        ppf: (u) => {
          const value = min + u * (max - min);
          return q !== undefined ? roundTo(value, q) : value;
        },
        cdf: (value) => (asNumber(value) - min) / (max - min),
      };
    }
    case 'log_uniform':
      return {
        name,
        kind,
        constant: false,
        grid: undefined,
        ppf: (u) => Math.exp(min + u * (max - min)),
        cdf: (value) => (Math.log(asNumber(value)) - min) / (max - min),
      };
    case 'log_uniform_values':
    case 'q_log_uniform_values': {
      const [a, b] = [Math.log(min), Math.log(max)];
      return {
        name,
        kind,
        constant: false,
        grid: undefined,
        ppf: (u) => {
          const value = Math.exp(a + u * (b - a));
          return q !== undefined ? roundTo(value, q) : value;
        },
        cdf: (value) => (Math.log(asNumber(value)) - a) / (b - a),
      };
    }
    default: {
      // inv_log_uniform_values: 1/x is log-uniform between 1/max and 1/min.
      const [a, b] = [Math.log(1 / max), Math.log(1 / min)];
      return {
        name,
        kind,
        constant: false,
        grid: undefined,
        ppf: (u) => 1 / Math.exp(a + u * (b - a)),
        cdf: (value) => (Math.log(1 / asNumber(value)) - a) / (b - a),
      };
    }
  }
}

function dimension(name: string, spec: ParameterSpec): SweepDimension {
  if ('value' in spec) {
    return { name, kind: 'constant', constant: true, grid: [spec.value], ppf: () => spec.value, cdf: () => 0 };
  }
  if ('values' in spec) return categorical(name, spec.values, spec.probabilities);
  if ('mu' in spec) {
    const { mu, sigma } = spec;
    const logNormal = spec.distribution === 'log_normal';
    // Keep u away from 0 and 1, where the quantile is infinite.
    const clamp = (u: number) => Math.min(1 - 1e-12, Math.max(1e-12, u));
    return {
      name,
      kind: spec.distribution,
      constant: false,
      grid: undefined,
      ppf: (u) => {
        const z = mu + sigma * normalPpf(clamp(u));
        return logNormal ? Math.exp(z) : z;
      },
      cdf: (value) => normalCdf(((logNormal ? Math.log(Number(value)) : Number(value)) - mu) / sigma),
    };
  }
  return numeric(name, spec);
}

/** The parameters of a sweep in W&B order (sorted by name), with their unit-cube mappings. */
export class SweepSpace {
  /** Every parameter, sorted by name. */
  readonly dimensions: readonly SweepDimension[];
  /** The searched (non-constant) parameters, sorted by name: the axes of the unit cube. */
  readonly searched: readonly SweepDimension[];

  constructor(parameters: ResolvedSweepConfig['parameters']) {
    this.dimensions = Object.keys(parameters)
      .sort()
      .map((name) => dimension(name, parameters[name]));
    this.searched = this.dimensions.filter((d) => !d.constant);
  }

  /** Parameter values at a point of the unit cube (one coordinate per searched parameter). */
  decode(point: ArrayLike<number>): Record<string, SweepValue> {
    const out: Record<string, SweepValue> = {};
    let axis = 0;
    for (const d of this.dimensions) out[d.name] = d.constant ? d.ppf(0) : d.ppf(point[axis++]);
    return out;
  }

  /** The unit-cube point of a set of parameter values. */
  encode(values: Readonly<Record<string, SweepValue>>): Float64Array {
    return Float64Array.from(this.searched, (d) => Math.min(1, Math.max(0, d.cdf(values[d.name]))));
  }

  /**
   * Every combination of the grid, parameters sorted by name, the last varying fastest.
   * @throws {InvalidArgumentError} INVALID_ARGUMENT when a parameter has no finite grid.
   */
  grid(): Record<string, SweepValue>[] {
    for (const d of this.dimensions) {
      if (!d.grid) {
        throw new InvalidArgumentError({
          message: `parameters.${d.name}: a grid sweep needs values, a constant, int_uniform or q_uniform (${d.kind} has no finite grid).`,
          field: `parameters.${d.name}`,
        });
      }
    }
    let combos: Record<string, SweepValue>[] = [{}];
    for (const d of this.dimensions) {
      const next: Record<string, SweepValue>[] = [];
      for (const combo of combos) for (const value of d.grid as SweepValue[]) next.push({ ...combo, [d.name]: value });
      combos = next;
    }
    return combos;
  }
}

/** A canonical key of a set of values (integral floats as ints), to find a grid point already run. */
export function valuesKey(values: Readonly<Record<string, SweepValue>>): string {
  return JSON.stringify(
    Object.keys(values)
      .sort()
      .map((key) => [key, values[key]]),
  );
}
