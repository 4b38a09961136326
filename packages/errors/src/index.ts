/**
 * Coded errors, fastify style: each package declares its errors once in a table (code, message template,
 * whether a retry can help) and throws instances created from it. Callers branch on `code` and
 * `retriable`, never on message text.
 */

export interface ErrorSpec {
  /** Message template; `%s` placeholders are filled in order from the arguments. */
  readonly message: string;
  readonly retriable?: boolean;
  /** HTTP status a service should answer with when this error reaches an API boundary. */
  readonly statusCode?: number;
}

export interface SluiceErrorOptions {
  readonly cause?: unknown;
  readonly retriable?: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

export class SluiceError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly statusCode: number | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, spec: ErrorSpec, options: SluiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SluiceError';
    this.code = code;
    this.retriable = options.retriable ?? spec.retriable ?? false;
    this.statusCode = spec.statusCode;
    this.details = options.details ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, retriable: this.retriable, ...this.details };
  }
}

export type ErrorFactory = ((...args: Array<string | number>) => SluiceError) & {
  readonly code: string;
  with(options: SluiceErrorOptions, ...args: Array<string | number>): SluiceError;
  is(error: unknown): error is SluiceError;
};

function format(template: string, args: ReadonlyArray<string | number>): string {
  let i = 0;
  return template.replace(/%s/g, () => String(args[i++] ?? ''));
}

/** Turns a table `{ CODE: spec }` into factories `errors.CODE(...args)`. */
export function defineErrors<T extends Record<string, ErrorSpec>>(
  table: T,
): { [K in keyof T]: ErrorFactory } {
  const out: Record<string, ErrorFactory> = {};
  for (const [code, spec] of Object.entries(table)) {
    const make = (options: SluiceErrorOptions, args: ReadonlyArray<string | number>) =>
      new SluiceError(code, format(spec.message, args), spec, options);
    const factory = ((...args: Array<string | number>) => make({}, args)) as ErrorFactory;
    Object.defineProperty(factory, 'code', { value: code });
    Object.defineProperty(factory, 'with', {
      value: (options: SluiceErrorOptions, ...args: Array<string | number>) => make(options, args),
    });
    Object.defineProperty(factory, 'is', {
      value: (error: unknown) => error instanceof SluiceError && error.code === code,
    });
    out[code] = factory;
  }
  return out as { [K in keyof T]: ErrorFactory };
}

export function isRetriable(error: unknown): boolean {
  return error instanceof SluiceError ? error.retriable : false;
}

/** A short, secret-free description of any thrown value, for logs and run records. */
export function describeError(error: unknown): { code: string; message: string; retriable: boolean } {
  if (error instanceof SluiceError)
    return { code: error.code, message: error.message, retriable: error.retriable };
  if (error instanceof Error) return { code: 'UNEXPECTED', message: error.message, retriable: false };
  return { code: 'UNEXPECTED', message: String(error), retriable: false };
}
