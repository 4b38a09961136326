import type { EndOfRunMarker } from './records.ts';

/** What a sink knows about one run on one of its partitions. */
export interface PartitionRun {
  readonly runId: string;
  readonly connectionId: string;
  readonly partition: number;
  /** The run's first record on this partition: offsets are never committed past it until the run is done. */
  readonly firstOffset: bigint;
  readonly markers: Set<string>;
  expected: number;
  complete: boolean;
  completeEntities: Set<string>;
  mode?: EndOfRunMarker['mode'];
  /** Set once all markers arrived. */
  closed: boolean;
}

type MarkerInfo = Pick<
  EndOfRunMarker,
  | 'runId'
  | 'connectionId'
  | 'mode'
  | 'complete'
  | 'completeEntities'
  | 'sourceTopic'
  | 'sourcePartition'
  | 'sourceTopics'
>;

/**
 * Tracks runs per partition of a normalized topic: a partition is done with a run when it has seen the
 * marker of every partition of every source topic. Until then the run's first offset bounds the commit,
 * so a restart reads the whole run again.
 */
export class PartitionRuns {
  readonly #runs = new Map<string, PartitionRun>();

  #key(partition: number, runId: string): string {
    return `${partition}/${runId}`;
  }

  observe(partition: number, runId: string, connectionId: string, offset: string): PartitionRun {
    const key = this.#key(partition, runId);
    let run = this.#runs.get(key);
    if (!run) {
      run = {
        runId,
        connectionId,
        partition,
        firstOffset: BigInt(offset),
        markers: new Set(),
        expected: Number.POSITIVE_INFINITY,
        complete: true,
        completeEntities: new Set(),
        closed: false,
      };
      this.#runs.set(key, run);
    }
    return run;
  }

  get(partition: number, runId: string): PartitionRun | undefined {
    return this.#runs.get(this.#key(partition, runId));
  }

  /** Records a marker; returns the run when this marker was the last one it waited for. */
  marker(partition: number, marker: MarkerInfo, offset: string): PartitionRun | undefined {
    const run = this.observe(partition, marker.runId, marker.connectionId, offset);
    run.expected = marker.sourceTopics.reduce((sum, t) => sum + t.partitions, 0);
    const first = run.markers.size === 0;
    run.markers.add(`${marker.sourceTopic}/${marker.sourcePartition}`);
    run.mode = marker.mode;
    run.complete = run.complete && marker.complete;
    const entities = new Set(marker.completeEntities);
    run.completeEntities = first
      ? entities
      : new Set([...run.completeEntities].filter((e) => entities.has(e)));
    if (!run.closed && run.markers.size >= run.expected) {
      run.closed = true;
      return run;
    }
    return undefined;
  }

  /** Forgets a run once its work on the partition is finished. */
  finish(partition: number, runId: string): void {
    this.#runs.delete(this.#key(partition, runId));
  }

  /** The offset to commit for `partition`: the first offset of its oldest unfinished run, else `next`. */
  commitPoint(partition: number, next: string): string {
    let lowest = BigInt(next);
    for (const run of this.#runs.values()) {
      if (run.partition === partition && run.firstOffset < lowest) lowest = run.firstOffset;
    }
    return lowest.toString();
  }

  open(): PartitionRun[] {
    return [...this.#runs.values()];
  }

  /** Drops the runs of partitions this instance no longer owns. */
  dropPartitions(keep: ReadonlySet<number>): void {
    for (const [key, run] of this.#runs) if (!keep.has(run.partition)) this.#runs.delete(key);
  }
}
