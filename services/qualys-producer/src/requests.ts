import type { ConnectionDirectory } from '@sluice/connections';
import type { Logger } from '@sluice/logging';
import type { RunRequest } from '@sluice/pipeline';
import type { QualysProducer } from './producer.ts';

/** Runs the requests for Qualys → CMDB connections and leaves every other request to its own producer. */
export function qualysRunRequests(
  producer: QualysProducer,
  connections: ConnectionDirectory,
  logger: Logger,
) {
  return async (request: RunRequest): Promise<void> => {
    const connection = connections.get(request.connectionId);
    if (connection?.type !== 'qualys-cmdb') return;
    if (!connection.enabled) {
      logger.warn(
        { connectionId: connection.name, runId: request.runId },
        'connection disabled: run request ignored',
      );
      return;
    }
    await producer.run(connection, { runId: request.runId });
  };
}
