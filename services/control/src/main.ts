/**
 * The control service: `SLUICE_ADMIN_TOKEN` protects the API and the dashboard; `CONTROL_HOST` /
 * `CONTROL_PORT` say where they listen (127.0.0.1:8080 by default).
 */
import { runService } from '@sluice/service';
import { Control } from './control.ts';

await runService('control', async ({ kafka, logger, env }) => {
  const adminToken = () => {
    const token = process.env.SLUICE_ADMIN_TOKEN;
    if (!token) throw new Error('SLUICE_ADMIN_TOKEN is required');
    return token;
  };
  adminToken();
  const control = new Control({
    kafka,
    logger,
    adminToken,
    instanceId: env.INSTANCE_ID,
    host: process.env.CONTROL_HOST ?? '127.0.0.1',
    port: Number(process.env.CONTROL_PORT ?? 8080),
    partitions: env.SLUICE_PARTITIONS,
  });
  await control.start();
  process.stdout.write(`${JSON.stringify({ service: 'control', url: control.url })}\n`);
  return { ready: () => control.ready, stop: () => control.stop() };
});
