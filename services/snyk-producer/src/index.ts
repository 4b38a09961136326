export { SnykProducer, type SnykProducerDeps, type SnykRunOutcome, type SnykRunRequest } from './producer.ts';
export { pullSnyk, type SnykPullResult } from './pull.ts';
export { snykRunRequests } from './requests.ts';
export { SnykApi, type SnykApiSettings, type SnykResource } from './snyk-api.ts';
