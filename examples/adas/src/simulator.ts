import { SeededRandom } from '@mloop/core';

/** One telemetry record as the simulator emits it (`null` = the sensor value was lost). */
export interface TelemetryRow {
  /** Trip identifier (a re-sent record keeps its id: that is how duplicates look). */
  readonly trip_id: string;
  /** Unix ms of the record. */
  readonly recorded_at: number;
  /** km/h. */
  readonly speed: number | null;
  /** Longitudinal acceleration, m/s². */
  readonly acceleration: number | null;
  /** Brake pedal, 0–1. */
  readonly braking: number | null;
  /** Steering wheel angle, degrees from straight ahead. */
  readonly steering: number | null;
  /** Distance from the lane centre, metres. */
  readonly lane_offset: number | null;
  /** Distance to the vehicle ahead, metres. */
  readonly following_distance: number | null;
  /** `clear`, `rain`, `fog` or `snow`. */
  readonly weather: string | null;
  /** `highway`, `urban` or `rural`. */
  readonly road_type: string | null;
  /** `day`, `dusk` or `night`. */
  readonly time_of_day: string | null;
  /** Driver-monitoring camera score, 0 (asleep) – 1 (fully alert). */
  readonly driver_alertness: number | null;
  /** `high` or `low` risk (the label, from the incident model below). */
  readonly risk: 'high' | 'low';
}

/** Numeric feature columns. */
export const NUMERIC_COLUMNS = [
  'speed',
  'acceleration',
  'braking',
  'steering',
  'lane_offset',
  'following_distance',
  'driver_alertness',
] as const;

/** Categorical feature columns. */
export const CATEGORICAL_COLUMNS = ['weather', 'road_type', 'time_of_day'] as const;

/** Every feature column. */
export const FEATURE_COLUMNS = [...NUMERIC_COLUMNS, ...CATEGORICAL_COLUMNS] as const;

/** The world the simulator draws from. */
export interface Scenario {
  /** Probabilities of clear, rain, fog, snow. */
  readonly weather: readonly [number, number, number, number];
  /** Probabilities of day, dusk, night. */
  readonly timeOfDay: readonly [number, number, number];
  /** Mean driver alertness. */
  readonly alertness: number;
  /** Extra risk (log-odds) per metre of lane offset on snow and fog: how treacherous the roads are. */
  readonly slipperyLaneRisk: number;
  /** Extra risk (log-odds) per second of missing headway below 2 s on snow and fog. */
  readonly slipperyHeadwayRisk: number;
}

/** Normal conditions. */
export const NORMAL: Scenario = {
  weather: [0.62, 0.25, 0.08, 0.05],
  timeOfDay: [0.62, 0.15, 0.23],
  alertness: 0.78,
  slipperyLaneRisk: 0,
  slipperyHeadwayRisk: 0,
};

/**
 * The drift scenario: an early winter with a night-shift fleet. More snow and fog, more night
 * driving, tired drivers (covariate shift) and, on slippery roads, lane drift and short headway
 * become far more dangerous than before (concept shift).
 */
export const WINTER: Scenario = {
  weather: [0.25, 0.2, 0.2, 0.35],
  timeOfDay: [0.4, 0.15, 0.45],
  alertness: 0.64,
  slipperyLaneRisk: 5,
  slipperyHeadwayRisk: 2.5,
};

/** Options of {@link simulateTelemetry}. */
export interface SimulateOptions {
  /** Distinct records to simulate (duplicates come on top). */
  readonly rows: number;
  /** Seed: the same seed gives the same records. */
  readonly seed: number;
  /** The world; default {@link NORMAL}. */
  readonly scenario?: Scenario;
  /** Time of the first record, Unix ms; records are one second apart. */
  readonly startAt: number;
  /** Share of records re-sent as exact duplicates; default 0.04. */
  readonly duplicateRate?: number;
  /** Share of feature values lost; default 0.03 per value. */
  readonly missingRate?: number;
}

const clip = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const round = (value: number, digits: number) => Number(value.toFixed(digits));

function choose<T>(random: SeededRandom, items: readonly T[], weights: readonly number[]): T {
  let u = random.next() * weights.reduce((sum, w) => sum + w, 0);
  for (let i = 0; i < items.length; i++) {
    u -= weights[i];
    if (u < 0) return items[i];
  }
  return items[items.length - 1];
}

/**
 * A seeded driving-telemetry simulator. Each record is drawn from the scenario; the risk label
 * comes from a logistic incident model (speed over the road's norm, hard braking and
 * acceleration, steering, lane offset, short time headway, weather, darkness, low alertness);
 * then some records are re-sent (duplicates) and some sensor values are lost (missing).
 */
export function simulateTelemetry(options: SimulateOptions): TelemetryRow[] {
  const random = new SeededRandom(options.seed);
  const scenario = options.scenario ?? NORMAL;
  const duplicateRate = options.duplicateRate ?? 0.04;
  const missingRate = options.missingRate ?? 0.03;
  const rows: TelemetryRow[] = [];
  for (let i = 0; i < options.rows; i++) {
    const road = choose(random, ['highway', 'urban', 'rural'], [0.4, 0.4, 0.2]);
    const weather = choose(random, ['clear', 'rain', 'fog', 'snow'], scenario.weather);
    const time = choose(random, ['day', 'dusk', 'night'], scenario.timeOfDay);
    const norm = road === 'highway' ? 105 : road === 'urban' ? 45 : 75;
    const weatherSlowdown = weather === 'snow' ? 0.8 : weather === 'fog' ? 0.88 : weather === 'rain' ? 0.94 : 1;
    const speed = clip(random.normal(norm * weatherSlowdown, norm * 0.17), 0, 190);
    const acceleration = random.normal(0, 1.3);
    const braking = clip(Math.abs(random.normal(0, 0.28)), 0, 1);
    const steering = Math.abs(random.normal(0, road === 'urban' ? 12 : 6));
    const laneOffset = Math.abs(random.normal(0, 0.35));
    const following = clip(Math.exp(random.normal(Math.log((speed / 3.6) * 2.1 + 4), 0.45)), 2, 250);
    const alertness = clip(random.normal(scenario.alertness, 0.14), 0, 1);
    const headway = following / Math.max(speed / 3.6, 1);
    const slippery = weather === 'snow' || weather === 'fog';
    const logit =
      -4.1 +
      0.05 * (speed - norm) +
      2.2 * braking -
      0.45 * acceleration +
      0.05 * steering +
      2.6 * laneOffset +
      1.2 * Math.max(0, 2 - headway) +
      (weather === 'rain' ? 0.5 : weather === 'fog' ? 0.8 : weather === 'snow' ? 1.0 : 0) +
      (time === 'night' ? 0.6 : time === 'dusk' ? 0.3 : 0) +
      5.0 * (0.8 - alertness) +
      (slippery ? scenario.slipperyLaneRisk * laneOffset : 0) +
      (slippery ? scenario.slipperyHeadwayRisk * Math.max(0, 2 - headway) : 0);
    const risk = random.next() < 1 / (1 + Math.exp(-logit)) ? 'high' : 'low';
    const lose = <T>(value: T): T | null => (random.next() < missingRate ? null : value);
    rows.push({
      trip_id: `T${options.seed.toString(36)}-${i.toString(36).padStart(5, '0')}`,
      recorded_at: options.startAt + i * 1000,
      speed: lose(round(speed, 1)),
      acceleration: lose(round(acceleration, 2)),
      braking: lose(round(braking, 3)),
      steering: lose(round(steering, 1)),
      lane_offset: lose(round(laneOffset, 3)),
      following_distance: lose(round(following, 1)),
      weather: lose(weather),
      road_type: lose(road),
      time_of_day: lose(time),
      driver_alertness: lose(round(alertness, 3)),
      risk,
    });
  }
  const duplicates = Math.round(options.rows * duplicateRate);
  for (let d = 0; d < duplicates; d++) {
    const original = rows[random.nextInt(options.rows)];
    rows.splice(random.nextInt(rows.length + 1), 0, { ...original });
  }
  return rows;
}
