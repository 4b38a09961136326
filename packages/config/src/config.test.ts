import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envOverrides, loadConfig, parseConfig, SecretRef, secretRef } from './index.ts';

const schema = z.object({
  kafka: z.object({ brokers: z.array(z.string()).min(1), clientId: z.string().default('sluice') }),
  connections: z.array(z.object({ name: z.string(), url: z.url(), token: secretRef() })).default([]),
});

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-config-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('reads YAML, applies defaults and environment overrides', () => {
    const file = tempFile(
      'c.yaml',
      'kafka:\n  brokers: [a:1]\nconnections:\n  - {name: x, url: "https://x.test", token: "${TOK}"}\n',
    );
    const config = loadConfig(schema, {
      file,
      envPrefix: 'SLUICE_',
      env: { SLUICE_KAFKA__CLIENT_ID: 'other', SLUICE_KAFKA__BROKERS: '["b:2","c:3"]', TOK: 's3cr3t' },
    });
    expect(config.kafka).toEqual({ brokers: ['b:2', 'c:3'], clientId: 'other' });
    expect(config.connections[0]?.token).toBeInstanceOf(SecretRef);
  });

  it('names the bad field in the error', () => {
    expect(() =>
      parseConfig(
        schema,
        { kafka: { brokers: ['a'] }, connections: [{ name: 'x', url: 'nope', token: '${T}' }] },
        'c.yaml',
      ),
    ).toThrow(/c\.yaml field "connections\[0\]\.url"/);
    try {
      parseConfig(schema, { kafka: { brokers: [] } });
    } catch (error) {
      expect((error as { code: string }).code).toBe('CONFIG_INVALID');
      expect((error as Error).message).toContain('"kafka.brokers"');
    }
  });

  it('refuses a literal secret and never prints a resolved one', () => {
    expect(() =>
      parseConfig(schema, {
        kafka: { brokers: ['a'] },
        connections: [{ name: 'x', url: 'https://x.test', token: 'literal-token' }],
      }),
    ).toThrow(/connections\[0\]\.token.*secret reference/);
    const ref = SecretRef.parse('${MY_TOKEN}', { MY_TOKEN: 'abc123' })!;
    expect(ref.reveal()).toBe('abc123');
    expect(JSON.stringify({ ref })).toBe('{"ref":"${MY_TOKEN}"}');
    expect(inspect(ref)).not.toContain('abc123');
    expect(String(ref)).toBe('${MY_TOKEN}');
  });

  it('reads file references at use time, so a rotated secret is picked up', () => {
    const file = tempFile('token', 'first\n');
    const ref = SecretRef.parse(`file:${file}`)!;
    expect(ref.reveal()).toBe('first');
    writeFileSync(file, 'second');
    expect(ref.reveal()).toBe('second');
  });

  it('reports an unset environment secret with its reference, not a value', () => {
    const ref = SecretRef.parse('${NOT_SET_ANYWHERE}', {})!;
    expect(() => ref.reveal()).toThrow(/\$\{NOT_SET_ANYWHERE\}.*not set/);
  });

  it('maps prefixed variables to nested camel-case paths', () => {
    expect(envOverrides({ P_A__B_C: '1', OTHER: 'x' }, 'P_')).toEqual({ a: { bC: 1 } });
  });

  it('rejects a malformed file with a clear error', () => {
    const file = tempFile('bad.yaml', 'kafka: [unclosed');
    expect(() => loadConfig(schema, { file })).toThrow(/not valid YAML/);
  });
});
