/** Latency histogram bucket bounds, seconds. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Request counters and a latency histogram in Prometheus text format. */
export class PrometheusRegistry {
  readonly #requests = new Map<string, number>();
  readonly #buckets = new Map<string, number[]>();
  readonly #sums = new Map<string, number>();
  readonly #counts = new Map<string, number>();

  /** Records one request. */
  observe(route: string, status: number, seconds: number): void {
    const key = `route="${route}",status="${status}"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const counts = this.#buckets.get(route) ?? new Array(BUCKETS.length).fill(0);
    for (let index = 0; index < BUCKETS.length; index++) if (seconds <= BUCKETS[index]) counts[index]++;
    this.#buckets.set(route, counts);
    this.#sums.set(route, (this.#sums.get(route) ?? 0) + seconds);
    this.#counts.set(route, (this.#counts.get(route) ?? 0) + 1);
  }

  /** The exposition text, with the served versions as a gauge. */
  render(
    versions: readonly { alias: string; version: number; model: string }[],
    arms: Readonly<Record<string, { requests: number; errors: number }>>,
  ): string {
    const lines: string[] = [];
    lines.push(
      '# HELP mloop_http_requests_total HTTP requests by route and status.',
      '# TYPE mloop_http_requests_total counter',
    );
    for (const [labels, value] of this.#requests) lines.push(`mloop_http_requests_total{${labels}} ${value}`);
    lines.push(
      '# HELP mloop_http_request_duration_seconds Request latency.',
      '# TYPE mloop_http_request_duration_seconds histogram',
    );
    for (const [route, counts] of this.#buckets) {
      for (const [index, bound] of BUCKETS.entries()) {
        lines.push(`mloop_http_request_duration_seconds_bucket{route="${route}",le="${bound}"} ${counts[index]}`);
      }
      lines.push(
        `mloop_http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${this.#counts.get(route) ?? 0}`,
      );
      lines.push(`mloop_http_request_duration_seconds_sum{route="${route}"} ${this.#sums.get(route) ?? 0}`);
      lines.push(`mloop_http_request_duration_seconds_count{route="${route}"} ${this.#counts.get(route) ?? 0}`);
    }
    lines.push('# HELP mloop_model_version The registry version served per alias.', '# TYPE mloop_model_version gauge');
    for (const loaded of versions)
      lines.push(`mloop_model_version{model="${loaded.model}",alias="${loaded.alias}"} ${loaded.version}`);
    lines.push(
      '# HELP mloop_predictions_total Predictions per alias (A/B arms).',
      '# TYPE mloop_predictions_total counter',
    );
    for (const [alias, counter] of Object.entries(arms)) {
      lines.push(`mloop_predictions_total{alias="${alias}"} ${counter.requests}`);
      lines.push(`mloop_prediction_errors_total{alias="${alias}"} ${counter.errors}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
