export {
  DEFAULT_CONNECTOR,
  type EtmFaults,
  type EtmSimulator,
  type EtmSimulatorOptions,
  type EtmStats,
  startEtmSimulator,
} from './server.ts';
export { EtmStore, type StoredAsset, upsert } from './store.ts';
