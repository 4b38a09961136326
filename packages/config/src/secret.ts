import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { configErrors } from './errors.ts';

const ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const FILE_REF = /^file:(.+)$/;

/**
 * A secret held by reference (`${ENV_VAR}` or `file:/path`). The value is read when a caller asks for it,
 * so rotating the variable or the file takes effect on the next use, and the object itself never
 * serialises, prints or logs the value: only the reference.
 */
export class SecretRef {
  readonly reference: string;
  readonly #read: () => string;

  constructor(reference: string, read: () => string) {
    this.reference = reference;
    this.#read = read;
  }

  static parse(reference: string, env: NodeJS.ProcessEnv = process.env): SecretRef | undefined {
    const envMatch = ENV_REF.exec(reference);
    if (envMatch) {
      const name = envMatch[1]!;
      return new SecretRef(reference, () => {
        const value = env[name];
        if (value === undefined || value === '') {
          throw configErrors.SECRET_UNRESOLVED(reference, `environment variable ${name} is not set`);
        }
        return value;
      });
    }
    const fileMatch = FILE_REF.exec(reference);
    if (fileMatch) {
      const path = fileMatch[1]!;
      return new SecretRef(reference, () => {
        try {
          return readFileSync(path, 'utf8').trim();
        } catch (error) {
          throw configErrors.SECRET_UNRESOLVED(
            reference,
            (error as NodeJS.ErrnoException).code ?? 'unreadable',
          );
        }
      });
    }
    return undefined;
  }

  /** The secret value. Call it where the value is sent, never where it could be logged. */
  reveal(): string {
    return this.#read();
  }

  toString(): string {
    return this.reference;
  }

  toJSON(): string {
    return this.reference;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SecretRef(${this.reference})`;
  }
}

/** A zod field that only accepts a secret reference; a literal secret in a config file is an error. */
export function secretRef() {
  return z
    .custom<string | SecretRef>((v) => typeof v === 'string' || v instanceof SecretRef, {
      message: 'must be a secret reference such as ${ENV_VAR} or file:/path',
    })
    .transform((value, ctx) => {
      if (value instanceof SecretRef) return value;
      const ref = SecretRef.parse(value);
      if (!ref) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a secret reference such as ${ENV_VAR} or file:/path, not a literal value',
        });
        return z.NEVER;
      }
      return ref;
    });
}
