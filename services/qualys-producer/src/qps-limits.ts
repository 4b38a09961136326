import type { ErrorFactory } from '@sluice/errors';
import { type HttpResponse, serverRequestedDelay, type Verdict } from '@sluice/http';
import { XMLParser } from 'fast-xml-parser';
import { qualysErrors } from './errors.ts';

/** What each `SIMPLE_RETURN` code of a 409 means; a code not listed is a plain refusal (reference §4). */
const CONFLICT_CODES: Readonly<Record<string, ErrorFactory>> = {
  '1965': qualysErrors.QUALYS_RATE_LIMITED,
  '1960': qualysErrors.QUALYS_CONCURRENCY_LIMITED,
  '2001': qualysErrors.QUALYS_ACCOUNT_EXPIRED,
  '2003': qualysErrors.QUALYS_REGISTRATION_INCOMPLETE,
};

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

interface SimpleReturn {
  readonly CODE?: string;
  readonly TEXT?: string;
  readonly ITEM_LIST?: { readonly ITEM?: ListItem | ListItem[] };
}
interface ListItem {
  readonly KEY?: string;
  readonly VALUE?: string;
}

function readSimpleReturn(text: string): SimpleReturn | undefined {
  try {
    const doc = parser.parse(text) as { SIMPLE_RETURN?: { RESPONSE?: SimpleReturn } };
    const response = doc.SIMPLE_RETURN?.RESPONSE;
    return typeof response === 'object' && response.CODE !== undefined ? response : undefined;
  } catch {
    return undefined;
  }
}

/** The wait Qualys states in the body: the `SECONDS_TO_WAIT` item, else "…for another N seconds". */
function statedWaitMs(answer: SimpleReturn): number | undefined {
  const items = answer.ITEM_LIST?.ITEM;
  const item = (Array.isArray(items) ? items : items ? [items] : []).find((i) => i.KEY === 'SECONDS_TO_WAIT');
  const seconds = Number(item?.VALUE ?? /another (\d+) seconds?/i.exec(answer.TEXT ?? '')?.[1]);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * The QPS API's 409s, for the HTTP client's `classify` hook: codes 1965 (rate) and 1960 (concurrency)
 * are retried after `X-RateLimit-ToWait-Sec`, else the wait the body states, else backoff, and count as
 * throttled; every other code fails at once. Other answers are left to the generic rules.
 */
export function classifyQpsAnswer(response: HttpResponse): Verdict | undefined {
  if (response.status !== 409) return undefined;
  const answer = readSimpleReturn(response.text);
  if (!answer?.CODE) return undefined;
  const text = answer.TEXT ?? '';
  const known = CONFLICT_CODES[answer.CODE];
  const error = known ? known(text) : qualysErrors.QUALYS_CONFLICT(answer.CODE, text);
  if (!error.retriable) return { retriable: false, code: error.code, message: error.message };
  const delayMs = serverRequestedDelay(response.headers) ?? statedWaitMs(answer);
  return {
    retriable: true,
    rateLimited: true,
    code: error.code,
    message: error.message,
    ...(delayMs !== undefined ? { delayMs } : {}),
  };
}

/** Runs calls one at a time, in order: Qualys allows as few as 2 concurrent QPS calls per subscription. */
export class SerialGate {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(call: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(call);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

const gates = new Map<string, SerialGate>();

/** One gate per Qualys user and platform, shared by every connection in the process that uses it. */
export function serialGateFor(key: string): SerialGate {
  let gate = gates.get(key);
  if (!gate) {
    gate = new SerialGate();
    gates.set(key, gate);
  }
  return gate;
}
