import { createHash } from 'node:crypto';

/**
 * One API client per key (a connection), re-created when what it was built from changes — settings,
 * or a rotated secret. Only a hash of those inputs is kept, never the secrets themselves.
 */
export class ClientCache<C extends { close(): Promise<void> }> {
  readonly #clients = new Map<string, { client: C; fingerprint: string }>();

  get(key: string, inputs: ReadonlyArray<unknown>, create: () => C): C {
    const fingerprint = createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
    const cached = this.#clients.get(key);
    if (cached?.fingerprint === fingerprint) return cached.client;
    void cached?.client.close();
    const client = create();
    this.#clients.set(key, { client, fingerprint });
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((c) => c.client.close()));
    this.#clients.clear();
  }
}
