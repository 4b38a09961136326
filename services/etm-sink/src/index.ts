export { type EtmAssetState, EtmSinkAdapter } from './etm-adapter.ts';
export { EtmApi, type EtmApiSettings } from './etm-api.ts';
export { EtmSink, type EtmSinkOptions } from './etm-sink.ts';
export { batchesOf, type EtmElement, MAX_ELEMENTS, pushBody, toWire } from './wire.ts';
