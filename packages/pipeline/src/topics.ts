import type { TopicSpec } from '@sluice/kafka';

/** Every topic of the pipeline, named once. */
export const TOPICS = {
  snykOrgs: 'snyk.raw.orgs',
  snykProjects: 'snyk.raw.projects',
  snykIssues: 'snyk.raw.issues',
  qualysAssets: 'qualys.raw.assets',
  etmAssets: 'etm.assets.v1',
  cmdbCis: 'cmdb.cis.v1',
  deadLetters: 'etl.dlq',
  runs: 'etl.runs',
  runRequests: 'etl.run-requests',
  cursors: 'etl.cursors',
  sinkState: 'etl.sink-state',
  connections: 'etl.connections',
  schedulerLease: 'etl.scheduler-lease',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const SNYK_RAW_TOPICS = [TOPICS.snykOrgs, TOPICS.snykProjects, TOPICS.snykIssues] as const;

const WEEK = 7 * 24 * 3600_000;

/**
 * The topic layout: raw topics are compacted by entity key so the latest raw state stays replayable;
 * normalized topics are Avro streams; state topics are compacted views services rebuild at start.
 */
export function pipelineTopics(partitions = 6): TopicSpec[] {
  return [
    { topic: TOPICS.snykOrgs, partitions: Math.min(partitions, 3), compacted: true },
    { topic: TOPICS.snykProjects, partitions, compacted: true },
    { topic: TOPICS.snykIssues, partitions, compacted: true },
    { topic: TOPICS.qualysAssets, partitions, compacted: true },
    { topic: TOPICS.etmAssets, partitions, retentionMs: 4 * WEEK },
    { topic: TOPICS.cmdbCis, partitions, retentionMs: 4 * WEEK },
    { topic: TOPICS.deadLetters, partitions: 3, retentionMs: 4 * WEEK },
    { topic: TOPICS.runs, partitions: 3, retentionMs: 13 * WEEK },
    { topic: TOPICS.runRequests, partitions, retentionMs: WEEK },
    { topic: TOPICS.cursors, partitions: 1, compacted: true },
    { topic: TOPICS.sinkState, partitions, compacted: true },
    { topic: TOPICS.connections, partitions: 1, compacted: true },
    // One partition: the control replica it is assigned to is the one that fires schedules.
    { topic: TOPICS.schedulerLease, partitions: 1, retentionMs: WEEK },
  ];
}
