import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './index.ts';
import { redactionPaths, scrubText } from './redact.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.abcDEF123456';

describe('createLogger', () => {
  it('never writes a bearer token, whichever way it is passed', () => {
    const { lines, destination } = capture();
    const log = createLogger({ name: 'test', destination });
    log.info({ headers: { authorization: `Bearer ${TOKEN}` } }, 'call');
    log.info({ request: { options: { headers: { Authorization: `Bearer ${TOKEN}` } } } }, 'deep');
    log.info({ calls: [{ auth: { token: TOKEN } }] }, 'in an array');
    log.info(`retrying with Bearer ${TOKEN}`);
    log.warn({ err: new Error(`401 for Authorization: Bearer ${TOKEN}`) }, 'failed');
    log.info({ form: `username=u&password=${TOKEN}&token=true` }, 'form');
    const out = lines.join('');
    expect(lines).toHaveLength(6);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('c2VjcmV0LXBheWxvYWQ');
    expect(out).toContain('[redacted]');
    expect(out).toContain('username=u');
  });

  it('keeps ordinary fields readable', () => {
    const { lines, destination } = capture();
    createLogger({ name: 'svc', destination }).info({ connectionId: 'c1', pulled: 12 }, 'run done');
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({ service: 'svc', connectionId: 'c1', pulled: 12, msg: 'run done' });
  });

  it('compiles paths for every depth up to six', () => {
    const paths = redactionPaths();
    expect(paths).toContain('authorization');
    expect(paths).toContain('*.*.*.*.*.password');
  });

  it('scrubs credentials inside free text', () => {
    expect(scrubText('Authorization: token abcdef123456')).toBe('Authorization: token [redacted]');
  });
});
