import { describeError } from '@sluice/errors';
import {
  type ConsumedBatch,
  deadLetterRecord,
  type OutgoingRecord,
  type RecordProducer,
} from '@sluice/kafka';
import type { Logger } from '@sluice/logging';
import {
  type Counts,
  type EndOfRunMarker,
  HEADERS,
  isEndOfRun,
  type RawEnvelope,
  runEventRecord,
} from '@sluice/pipeline';
import { transformerErrors } from './errors.ts';
import { forwardMarker, parseMarker } from './marker-forwarding.ts';

export interface BatchMapping {
  readonly outputTopic: string;
  readonly encode: (value: unknown) => Promise<Buffer>;
  /** The normalized topic's value for a forwarded end-of-run marker. */
  readonly markerValue: (marker: EndOfRunMarker) => unknown;
  /** One raw record → its normalized record, or nothing (skipped; count why in `counts`). Throws when unmappable. */
  readonly map: (envelope: RawEnvelope, counts: Counts) => Promise<OutgoingRecord | undefined>;
  readonly logger: Logger;
}

/**
 * One input batch → everything one transaction writes: normalized records, forwarded markers, dead
 * letters for what cannot be mapped, and the batch's counts per run as `transformer.batch` events.
 */
export async function transformBatch(
  batch: ConsumedBatch,
  producer: RecordProducer,
  mapping: BatchMapping,
): Promise<OutgoingRecord[]> {
  const out: OutgoingRecord[] = [];
  const byRun = new Map<string, { connectionId: string; counts: Counts }>();
  for (const record of batch.records) {
    const connectionId = record.headers[HEADERS.connectionId] ?? '';
    const runId = record.headers[HEADERS.runId] ?? '';
    if (isEndOfRun(record.headers)) {
      out.push(
        ...(await forwardMarker(
          producer,
          mapping.outputTopic,
          parseMarker(record),
          mapping.encode,
          mapping.markerValue,
        )),
      );
      continue;
    }
    if (record.value === null) continue;
    let run = byRun.get(runId);
    if (!run) {
      run = { connectionId, counts: {} };
      byRun.set(runId, run);
    }
    try {
      let envelope: RawEnvelope;
      try {
        envelope = JSON.parse(record.value.toString()) as RawEnvelope;
      } catch {
        throw transformerErrors.RAW_RECORD_MALFORMED();
      }
      const mapped = await mapping.map(envelope, run.counts);
      if (mapped) out.push(mapped);
    } catch (error) {
      const { code, message } = describeError(error);
      run.counts.deadLettered = (run.counts.deadLettered ?? 0) + 1;
      mapping.logger.warn(
        {
          code,
          connectionId,
          runId,
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
        },
        `unmappable record: ${message}`,
      );
      out.push(
        deadLetterRecord({
          stage: 'transformer',
          code,
          reason: message,
          key: record.key,
          value: record.value,
          source: { topic: record.topic, partition: record.partition, offset: record.offset },
          connectionId,
          runId,
        }),
      );
    }
  }
  for (const [runId, { connectionId, counts }] of byRun) {
    if (Object.keys(counts).length > 0)
      out.push(runEventRecord({ type: 'transformer.batch', runId, connectionId, counts }));
  }
  return out;
}

export function increment(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
