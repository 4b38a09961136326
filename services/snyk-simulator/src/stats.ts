export interface SimulatorStats {
  requests: number;
  rateLimited: number;
  injected5xx: number;
  dropped: number;
  duplicatesServed: number;
  /** Requests per route pattern, e.g. `GET /rest/orgs/:org_id/issues`. */
  byRoute: Record<string, number>;
}

type Counter = Exclude<keyof SimulatorStats, 'byRoute'>;

/** Counts what the simulator did to API calls, for tests and the demo's dashboard. */
export class StatsRecorder {
  #stats: SimulatorStats = StatsRecorder.#empty();

  static #empty(): SimulatorStats {
    return { requests: 0, rateLimited: 0, injected5xx: 0, dropped: 0, duplicatesServed: 0, byRoute: {} };
  }

  request(route: string): void {
    this.#stats.requests++;
    this.#stats.byRoute[route] = (this.#stats.byRoute[route] ?? 0) + 1;
  }

  count(counter: Counter): void {
    this.#stats[counter]++;
  }

  snapshot(): SimulatorStats {
    return { ...this.#stats, byRoute: { ...this.#stats.byRoute } };
  }

  reset(): void {
    this.#stats = StatsRecorder.#empty();
  }
}
