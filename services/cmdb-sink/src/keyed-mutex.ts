/**
 * Mutual exclusion per key, for several keys at once: keys are taken in sorted order, so two callers
 * that share keys never wait on each other in a cycle.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  async withKeys<T>(keys: ReadonlyArray<string>, work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: Array<() => void> = [];
    try {
      for (const key of sorted) releases.push(await this.#acquire(key));
      return await work();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  async #acquire(key: string): Promise<() => void> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }
}
