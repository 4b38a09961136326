import type { ConsumedRecord, OutgoingRecord, RecordProducer } from '@sluice/kafka';
import { type EndOfRunMarker, markerKey, recordHeaders } from '@sluice/pipeline';

/** The Avro `RunMarker` of a normalized topic, from the producer's JSON marker. */
export function avroMarker(marker: EndOfRunMarker) {
  return {
    mode: marker.mode,
    complete: marker.complete,
    completeEntities: [...marker.completeEntities],
    sourceTopic: marker.sourceTopic,
    sourcePartition: marker.sourcePartition,
    sourcePartitions: marker.sourcePartitions,
    sourceTopics: marker.sourceTopics.map((t) => ({ topic: t.topic, partitions: t.partitions })),
  };
}

export function parseMarker(record: ConsumedRecord): EndOfRunMarker {
  return JSON.parse(record.value?.toString() ?? '{}') as EndOfRunMarker;
}

/**
 * Forwards an input partition's end-of-run marker to every partition of the output topic, in the same
 * transaction as the records before it, so a sink that has seen it knows everything derived from that
 * input partition for the run is already in front of it.
 */
export async function forwardMarker(
  producer: RecordProducer,
  outputTopic: string,
  marker: EndOfRunMarker,
  encode: (value: unknown) => Promise<Buffer>,
  value: (marker: EndOfRunMarker) => unknown,
): Promise<OutgoingRecord[]> {
  const encoded = await encode(value(marker));
  return producer.toEveryPartition(outputTopic, () => ({
    key: markerKey(marker.connectionId, marker.runId),
    value: encoded,
    headers: recordHeaders('end-of-run', marker.connectionId, marker.runId),
  }));
}
