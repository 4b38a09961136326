import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { kafkaErrors } from './errors.ts';

export interface AvroSerdeOptions {
  /** The Confluent-compatible API, e.g. `http://127.0.0.1:8081/apis/ccompat/v7`. */
  readonly registryUrl: string;
}

interface Registered {
  readonly id: number;
  readonly type: avro.Type;
}

/** Subjects follow the topic-name strategy: `schemas/<topic>.avsc` is registered as `<topic>-value`. */
export function subjectFor(topic: string): string {
  return `${topic}-value`;
}

function invalidPaths(type: avro.Type, value: unknown): string[] {
  const paths: string[] = [];
  type.isValid(value, {
    errorHook: (path: string[], v: unknown) => {
      paths.push(`${path.join('.') || '(root)'}=${JSON.stringify(v)?.slice(0, 60)}`);
    },
  });
  return paths;
}

/**
 * Avro values through the schema registry. At start a service registers the `.avsc` files it writes
 * (BACKWARD compatibility), which fails fast on an incompatible change; afterwards encode and decode
 * use cached schemas and make no registry calls on the hot path.
 */
export class AvroSerde {
  readonly #registry: SchemaRegistry;
  readonly #byTopic = new Map<string, Registered>();

  constructor(options: AvroSerdeOptions) {
    this.#registry = new SchemaRegistry({
      host: options.registryUrl,
      retry: { retries: 8, initialRetryTimeInSecs: 0.3 },
    });
  }

  /** Registers `schemas/<topic>.avsc` for each topic (all files in `dir` when `topics` is omitted). */
  async registerSchemas(dir: string, topics?: ReadonlyArray<string>): Promise<void> {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.avsc'))
      .filter((f) => !topics || topics.includes(basename(f, '.avsc')));
    for (const file of files) {
      const topic = basename(file, '.avsc');
      const path = join(dir, file);
      let schema: unknown;
      let type: avro.Type;
      try {
        schema = JSON.parse(readFileSync(path, 'utf8'));
        type = avro.Type.forSchema(schema as avro.Schema);
      } catch (error) {
        throw kafkaErrors.SCHEMA_INVALID.with({ cause: error }, path, (error as Error).message);
      }
      try {
        const { id } = await this.#registry.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
          { subject: subjectFor(topic) },
        );
        this.#byTopic.set(topic, { id, type });
      } catch (error) {
        throw kafkaErrors.SCHEMA_REGISTRATION_FAILED.with(
          { cause: error },
          path,
          subjectFor(topic),
          (error as Error).message,
        );
      }
    }
  }

  schemaId(topic: string): number | undefined {
    return this.#byTopic.get(topic)?.id;
  }

  async encode(topic: string, value: unknown): Promise<Buffer> {
    const registered = this.#byTopic.get(topic);
    if (!registered) throw kafkaErrors.SCHEMA_NOT_REGISTERED(topic);
    const problems = invalidPaths(registered.type, value);
    if (problems.length > 0)
      throw kafkaErrors.RECORD_NOT_ENCODABLE.with({ details: { problems } }, topic, problems.join('; '));
    return this.#registry.encode(registered.id, value);
  }

  async decode<T = unknown>(buffer: Buffer | null, source: string): Promise<T> {
    if (!buffer) throw kafkaErrors.RECORD_NOT_DECODABLE(source, 'empty value');
    try {
      return (await this.#registry.decode(buffer)) as T;
    } catch (error) {
      throw kafkaErrors.RECORD_NOT_DECODABLE.with({ cause: error }, source, (error as Error).message);
    }
  }
}
