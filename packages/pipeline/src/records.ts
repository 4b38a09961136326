/**
 * Raw records and end-of-run markers: what producers write to the raw topics, and what the transformer
 * forwards to the normalized topics. Every record carries its run in headers, so a consumer can route it
 * without decoding the value.
 */

export const HEADERS = {
  kind: 'sluice.kind',
  connectionId: 'sluice.connection.id',
  runId: 'sluice.run.id',
  entity: 'sluice.entity',
} as const;

export type RecordKind = 'record' | 'end-of-run';

/** The value of a raw record: the API's JSON as received, plus where and when it was fetched. */
export interface RawEnvelope<T = unknown> {
  readonly connectionId: string;
  readonly runId: string;
  readonly entity: string;
  readonly fetchedAt: string;
  /** The org a project or issue was listed under (Snyk), for joins. */
  readonly parentId?: string;
  readonly data: T;
}

export type RunMode = 'full' | 'delta';

/**
 * Written by a producer to every partition of each topic it wrote when a run ends (complete or not),
 * and forwarded by the transformer to every partition of its output topic, once per input partition.
 */
export interface EndOfRunMarker {
  readonly connectionId: string;
  readonly runId: string;
  readonly mode: RunMode;
  /** The pull finished; false when it failed or was cut short (then nothing is swept). */
  readonly complete: boolean;
  /** Which entity lists were pulled completely in this run (projects always; issues on full runs). */
  readonly completeEntities: ReadonlyArray<string>;
  /** The input the marker closes: topic and partition, and how many partitions that topic has. */
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  readonly sourcePartitions: number;
  /** All input topics of the run, so a sink knows how many markers complete a partition. */
  readonly sourceTopics: ReadonlyArray<{ readonly topic: string; readonly partitions: number }>;
}

export function entityKey(connectionId: string, id: string | number): string {
  return `${connectionId}:${id}`;
}

export function markerKey(connectionId: string, runId: string): string {
  return `${connectionId}:$end-of-run:${runId}`;
}

export function recordHeaders(
  kind: RecordKind,
  connectionId: string,
  runId: string,
  entity?: string,
): Record<string, string> {
  return {
    [HEADERS.kind]: kind,
    [HEADERS.connectionId]: connectionId,
    [HEADERS.runId]: runId,
    ...(entity ? { [HEADERS.entity]: entity } : {}),
  };
}

export function isEndOfRun(headers: Readonly<Record<string, string>>): boolean {
  return headers[HEADERS.kind] === 'end-of-run';
}
