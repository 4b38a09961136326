import type { ConnectionDirectory } from '@sluice/connections';
import { AvroSerde, type Kafka, TransactionalProcessor } from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import { SCHEMAS_DIR, TOPICS } from '@sluice/pipeline';
import { CiClassRuleSet, DEFAULT_CI_CLASS_RULES_PATH } from './qualys-cmdb/ci-rules.ts';
import { QualysCmdbTransformer } from './qualys-cmdb/qualys-cmdb-transformer.ts';
import { SnykEtmTransformer } from './snyk-etm/snyk-etm-transformer.ts';

export interface TransformerOptions {
  readonly kafka: Kafka;
  readonly registryUrl: string;
  readonly connections: ConnectionDirectory;
  readonly logger: Logger;
  /** Stable per instance (e.g. the pod name): the transactional id that fences a restarted instance's predecessor. */
  readonly instanceId: string;
  /** The CI class rule file; reloaded when it changes. */
  readonly ciClassRulesPath?: string;
}

/**
 * The transformer service: registers the normalized topics' schemas, rebuilds its join tables from the
 * raw topics, then maps raw records to normalized Avro records in Kafka transactions.
 */
export class Transformer {
  readonly #options: TransformerOptions;
  readonly #serde: AvroSerde;
  readonly #snyk: SnykEtmTransformer;
  readonly #rules: CiClassRuleSet;
  readonly #qualys: QualysCmdbTransformer;
  readonly #processors: TransactionalProcessor[] = [];
  #ready = false;

  constructor(options: TransformerOptions) {
    this.#options = options;
    this.#serde = new AvroSerde({ registryUrl: options.registryUrl });
    this.#snyk = new SnykEtmTransformer({
      kafka: options.kafka,
      serde: this.#serde,
      connections: options.connections,
      logger: options.logger.child({ pipeline: 'snyk-etm' }),
      name: `transformer-${options.instanceId}`,
    });
    const rulesLog = options.logger.child({ pipeline: 'qualys-cmdb' });
    this.#rules = new CiClassRuleSet(options.ciClassRulesPath ?? DEFAULT_CI_CLASS_RULES_PATH, {
      watch: true,
      onReload: (rules) =>
        rulesLog.info({ version: rules.version, file: rules.source }, 'CI class rules reloaded'),
      onError: (error) =>
        rulesLog.error(
          { code: error.code, details: error.details },
          `CI class rules not reloaded, the previous ones stay: ${error.message}`,
        ),
    });
    this.#qualys = new QualysCmdbTransformer({
      serde: this.#serde,
      connections: options.connections,
      rules: this.#rules,
      logger: rulesLog,
    });
  }

  get ready(): boolean {
    return this.#ready;
  }

  async start(): Promise<void> {
    const { kafka, logger, instanceId } = this.#options;
    await this.#serde.registerSchemas(SCHEMAS_DIR, [TOPICS.etmAssets, TOPICS.cmdbCis]);
    await this.#snyk.start();
    const snyk: TransactionalProcessor = new TransactionalProcessor({
      kafka,
      groupId: 'sluice-transformer-snyk-etm',
      transactionalId: `sluice-transformer-snyk-etm-${instanceId}`,
      topics: this.#snyk.inputTopics,
      logger,
      process: (batch) => this.#snyk.process(batch, snyk.producer),
    });
    const qualys: TransactionalProcessor = new TransactionalProcessor({
      kafka,
      groupId: 'sluice-transformer-qualys-cmdb',
      transactionalId: `sluice-transformer-qualys-cmdb-${instanceId}`,
      topics: this.#qualys.inputTopics,
      logger,
      process: (batch) => this.#qualys.process(batch, qualys.producer),
    });
    this.#processors.push(snyk, qualys);
    await Promise.all([snyk.start(), qualys.start()]);
    this.#ready = true;
    logger.info({ instanceId }, 'transformer started');
  }

  async stop(): Promise<void> {
    this.#ready = false;
    for (const p of this.#processors) await p.stop();
    await this.#snyk.stop();
    this.#rules.close();
  }
}
