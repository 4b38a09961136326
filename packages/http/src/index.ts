export {
  type AuthProvider,
  type Headers,
  HttpClient,
  type HttpClientOptions,
  type HttpEvent,
  type HttpRequest,
  type HttpResponse,
  type HttpStats,
  type TransportOptions,
  transportOptions,
  type Verdict,
} from './client.ts';
export { ClientCache } from './client-cache.ts';
export { httpErrors } from './errors.ts';
export {
  limiterForCredential,
  type RateLimiter,
  TokenBucket,
  type TokenBucketOptions,
} from './rate-limiter.ts';
export { backoffDelay, DEFAULT_RETRY, type RetryPolicy, serverRequestedDelay } from './retry.ts';
