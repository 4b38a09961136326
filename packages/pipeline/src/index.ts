export { ConnectionStore, type StoredConnection } from './connection-store.ts';
export { CursorStore } from './cursors.ts';
export { fingerprint } from './fingerprint.ts';
export type {
  AvroRunMarker,
  CmdbCi,
  CmdbCiEvent,
  EtmAssetEvent,
  IreItem,
  IreRecord,
  IreRelation,
  SysObjectSourceInfo,
} from './normalized.ts';
export { type PartitionRun, PartitionRuns } from './partition-runs.ts';
export { RawRunWriter, type RawRunWriterOptions, type RawWriter } from './raw-writer.ts';
export {
  type EndOfRunMarker,
  entityKey,
  HEADERS,
  isEndOfRun,
  markerKey,
  type RawEnvelope,
  type RecordKind,
  type RunMode,
  recordHeaders,
} from './records.ts';
export { type RemovalDecision, type RemovalGuardSettings, removalDecision } from './removal-guard.ts';
export { RunBoard } from './run-board.ts';
export { parseRunEvent, RunEventWriter, runEventRecord } from './run-event-writer.ts';
export {
  applyRunEvent,
  type Counts,
  emptyRun,
  LOADED_KEYS,
  MAPPED_KEYS,
  PULLED_KEYS,
  type RunError,
  type RunEvent,
  type RunEventType,
  type RunState,
  type RunView,
  runIsOver,
} from './run-events.ts';
export { parseRunRequest, type RunRequest, RunRequestWorker, runRequestRecord } from './run-requests.ts';
export { type RemovalTotals, RunSink, type RunWork, type SinkAdapter } from './run-sink.ts';
export { SCHEMAS_DIR } from './schemas.ts';
export { type HostedAdapter, SinkService, type SinkServiceOptions } from './sink-service.ts';
export { SinkState } from './sink-state.ts';
export { runErrorFrom } from './suggestions.ts';
export { pipelineTopics, SNYK_RAW_TOPICS, TOPICS, type TopicName } from './topics.ts';
