import type { Connection } from './schema.ts';

/** Where services look connections up: a config file today, the control plane's topic tomorrow. */
export interface ConnectionDirectory {
  get(name: string): Connection | undefined;
  list(): Connection[];
}

export class StaticDirectory implements ConnectionDirectory {
  readonly #byName: Map<string, Connection>;

  constructor(connections: ReadonlyArray<Connection>) {
    this.#byName = new Map(connections.map((c) => [c.name, c]));
  }

  get(name: string): Connection | undefined {
    return this.#byName.get(name);
  }

  list(): Connection[] {
    return [...this.#byName.values()];
  }
}
