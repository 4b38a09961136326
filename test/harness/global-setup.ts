/**
 * Integration tests run against a real broker and schema registry, found in this order:
 * 1. `KAFKA_BROKERS` + `SCHEMA_REGISTRY_URL`: an existing cluster;
 * 2. a Docker engine: Kafka and Apicurio containers through testcontainers;
 * 3. otherwise the project's own local stack (Maven Central jars), started fresh on free ports under
 *    `.stack-test/` and stopped again when the run ends.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { LocalStack, PROJECT_ROOT } from '../../deploy/local/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    schemaRegistryUrl: string;
  }
}

type Teardown = () => Promise<void>;

async function dockerStack(): Promise<{ brokers: string; registry: string; teardown: Teardown } | undefined> {
  const socket = process.env.DOCKER_HOST || existsSync('/var/run/docker.sock');
  if (!socket || process.env.SLUICE_TEST_STACK === 'local') return undefined;
  try {
    const { getContainerRuntimeClient, GenericContainer, Wait } = await import('testcontainers');
    await getContainerRuntimeClient();
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.9.2').withKraft().start();
    const registry = await new GenericContainer('apicurio/apicurio-registry:3.0.9')
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .start();
    return {
      brokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
      registry: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
      teardown: async () => {
        await registry.stop();
        await kafka.stop();
      },
    };
  } catch {
    return undefined;
  }
}

export default async function setup(project: TestProject): Promise<Teardown> {
  const { KAFKA_BROKERS, SCHEMA_REGISTRY_URL } = process.env;
  if (KAFKA_BROKERS && SCHEMA_REGISTRY_URL) {
    project.provide('kafkaBrokers', KAFKA_BROKERS);
    project.provide('schemaRegistryUrl', SCHEMA_REGISTRY_URL);
    return async () => {};
  }
  const docker = await dockerStack();
  if (docker) {
    project.provide('kafkaBrokers', docker.brokers);
    project.provide('schemaRegistryUrl', docker.registry);
    return docker.teardown;
  }
  const stack = new LocalStack({
    home: join(PROJECT_ROOT, '.stack-test'),
    fresh: true,
    kafkaPort: 0,
    controllerPort: 0,
    registryPort: 0,
    log: (line) => process.stderr.write(`[test stack] ${line}\n`),
  });
  const status = await stack.up();
  project.provide('kafkaBrokers', status.kafka);
  project.provide('schemaRegistryUrl', status.schemaRegistry);
  return async () => {
    await stack.clean();
  };
}
