import type { OutgoingRecord, RecordProducer } from '@sluice/kafka';
import type { RunEvent } from './run-events.ts';
import { TOPICS } from './topics.ts';

type Unstamped<E> = E extends RunEvent ? Omit<E, 'at'> & { at?: string } : never;

/** A run event as a record of `etl.runs`, keyed by run id so a run's events stay in order. */
export function runEventRecord(event: Unstamped<RunEvent>): OutgoingRecord {
  const stamped = { ...event, at: event.at ?? new Date().toISOString() };
  return {
    topic: TOPICS.runs,
    key: event.runId,
    value: JSON.stringify(stamped),
    headers: { 'sluice.event': event.type },
  };
}

/** Publishes run events outside a transaction (producers and HTTP sinks). */
export class RunEventWriter {
  readonly #producer: RecordProducer;

  constructor(producer: RecordProducer) {
    this.#producer = producer;
  }

  async emit(...events: Array<Unstamped<RunEvent>>): Promise<void> {
    await this.#producer.send(events.map(runEventRecord));
  }
}

export function parseRunEvent(value: Buffer | null): RunEvent | undefined {
  if (!value) return undefined;
  try {
    return JSON.parse(value.toString()) as RunEvent;
  } catch {
    return undefined;
  }
}
