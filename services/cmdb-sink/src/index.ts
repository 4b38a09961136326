export { type CmdbCiState, CmdbSinkAdapter } from './cmdb-adapter.ts';
export { CmdbSink, type CmdbSinkOptions } from './cmdb-sink.ts';
export { type IreAnswer, type IrePayload, irePayload, outcomeOf, resultsByInternalId } from './ire-wire.ts';
export { ServiceNowApi, type ServiceNowApiSettings } from './servicenow-api.ts';
