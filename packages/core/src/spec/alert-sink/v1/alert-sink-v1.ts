/** An alert raised by the loop, a predictor or a drift check. */
export interface AlertV1 {
  /** How bad it is. */
  readonly severity: 'info' | 'warning' | 'critical';
  /** Short title, e.g. `'Drift detected on sms'`. */
  readonly title: string;
  /** Longer text. */
  readonly message: string;
  /** Where it comes from, e.g. `'loop:sms'`, `'predictor:shuttle'`. */
  readonly source: string;
  /** Alerts with the same key within the dedupe window are sent once. */
  readonly dedupeKey: string;
  /** Unix ms. */
  readonly at: number;
  /** JSON-serializable details; never secrets. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Somewhere alerts go: the console, a webhook, a custom function. */
export interface AlertSinkV1 {
  /** Literal discriminant of the spec version. */
  readonly specificationVersion: 'v1';
  /** Sink name for logs. */
  readonly name: string;
  /**
   * Delivers one alert. Rejects with `BackendError` (retryable when worth retrying) on failure;
   * the alert manager retries and never lets a sink failure stop the loop.
   */
  send(alert: AlertV1): Promise<void>;
}
