import { resolve } from 'node:path';

/** The Avro schemas of the normalized topics (`schemas/<topic>.avsc`), the source of the contracts. */
export const SCHEMAS_DIR = resolve(import.meta.dirname, '..', '..', '..', 'schemas');
