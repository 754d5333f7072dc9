/**
 * Param and metric names as W&B config keys and history columns. A name that W&B or this backend
 * already uses there (`_wandb`, `_step`, `_mloop`, `mloop/step` …) gets a `~` in front, so it
 * neither overwrites nor is overwritten by the bookkeeping. mloop's key pattern has no `~`, so no
 * other name starts with it and reading back is unambiguous; names that need no escape are
 * stored as they are, as before this escape existed, so runs written earlier read the same.
 */

const ESCAPE = '~';
/** W&B's own config keys (wandb/apis/public/runs.py `WANDB_INTERNAL_KEYS`) and mloop's. */
const RESERVED_CONFIG_KEYS = new Set(['_wandb', 'wandb_version', '_mloop']);
/** History columns W&B or this backend writes, and summary keys they use. */
const RESERVED_COLUMNS = new Set(['_step', '_runtime', '_timestamp', '_wandb', '_mloop', 'mloop/step']);

/** The W&B config key of a param. @internal */
export function configKeyOf(param: string): string {
  return RESERVED_CONFIG_KEYS.has(param) ? ESCAPE + param : param;
}

/** The param of a W&B config key, or undefined for W&B's and mloop's own keys. @internal */
export function paramOf(configKey: string): string | undefined {
  if (configKey.startsWith(ESCAPE)) return configKey.slice(ESCAPE.length);
  return RESERVED_CONFIG_KEYS.has(configKey) ? undefined : configKey;
}

/** The W&B history column (and summary key) of a metric. @internal */
export function columnOf(metric: string): string {
  return RESERVED_COLUMNS.has(metric) ? ESCAPE + metric : metric;
}

/** The metric of a history column or summary key (the reverse of {@link columnOf}). @internal */
export function metricOf(column: string): string {
  return column.startsWith(ESCAPE) ? column.slice(ESCAPE.length) : column;
}
