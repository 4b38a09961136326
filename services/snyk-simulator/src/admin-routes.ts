/**
 * Admin API under `/_sim` for the demo and tests: no auth, no faults, no rate limit, plain JSON.
 * Bodies are validated with zod; a 400 names the bad field.
 */
import { SluiceError } from '@sluice/errors';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppliedMutation, SnykDataset } from './dataset.ts';
import { snykSimulatorErrors } from './errors.ts';
import { generateOptionsSchema, generateSnykDataset } from './generate.ts';
import { SEVERITIES } from './resources.ts';
import type { SimulatorState } from './state.ts';

const probability = z.number().min(0).max(1);

export const faultsBody = z.strictObject({
  rate429: probability.optional(),
  rate5xx: probability.optional(),
  rateDrop: probability.optional(),
  duplicateRate: probability.optional(),
  seed: z.number().int().optional(),
});

const rateLimitBody = z.strictObject({ perMinute: z.number().int().min(1) });

const MUTATION_ACTIONS = [
  'resolve-issue',
  'reopen-issue',
  'ignore-issue',
  'unignore-issue',
  'set-severity',
  'deactivate-project',
  'activate-project',
  'delete-project',
] as const;

const actionBody = z
  .strictObject({
    action: z.enum(MUTATION_ACTIONS),
    id: z.string().min(1),
    level: z.enum(SEVERITIES).optional(),
  })
  .refine((body) => body.action !== 'set-severity' || body.level !== undefined, {
    path: ['level'],
    message: 'level is required for set-severity',
  });

const randomBody = z.strictObject({ random: z.number().int().min(1).max(100_000), seed: z.number().int() });

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field =
    issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.map(String).join('.') || '(body)';
  throw snykSimulatorErrors.SIM_INVALID_INPUT.with({ details: { field } }, 'body', field, issue.message);
}

function applyMutation(dataset: SnykDataset, body: z.output<typeof actionBody>): AppliedMutation {
  const { action, id } = body;
  switch (action) {
    case 'resolve-issue':
      dataset.resolveIssue(id);
      break;
    case 'reopen-issue':
      dataset.reopenIssue(id);
      break;
    case 'ignore-issue':
      dataset.setIgnored(id, true);
      break;
    case 'unignore-issue':
      dataset.setIgnored(id, false);
      break;
    case 'set-severity':
      dataset.setSeverity(id, body.level!);
      break;
    case 'deactivate-project':
      dataset.deactivateProject(id);
      break;
    case 'activate-project':
      dataset.activateProject(id);
      break;
    case 'delete-project':
      dataset.deleteProject(id);
      break;
  }
  return { action, id };
}

export function adminRoutes(state: SimulatorState) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((error, _request, reply) => {
      // Fastify's own errors (malformed JSON, wrong content type) carry a status and an FST_ code.
      const failure = error as { statusCode?: number; code?: string; message?: string };
      const field = error instanceof SluiceError ? error.details.field : undefined;
      reply.code(failure.statusCode ?? 500).send({
        error: {
          code: failure.code ?? 'SIM_ERROR',
          message: failure.message ?? String(error),
          ...(field ? { field } : {}),
        },
      });
    });

    app.get('/stats', async () => state.stats.snapshot());

    app.post('/stats/reset', async () => {
      state.stats.reset();
      return state.stats.snapshot();
    });

    app.post('/faults', async (request) => {
      state.faults.set(parseBody(faultsBody, request.body));
      return state.faults.faults;
    });

    app.post('/rate-limit', async (request) => {
      const { perMinute } = parseBody(rateLimitBody, request.body);
      state.limiter.setLimit(perMinute);
      return { perMinute };
    });

    app.post('/mutate', async (request) => {
      const body = request.body;
      if (typeof body === 'object' && body !== null && 'random' in body) {
        const { random, seed } = parseBody(randomBody, body);
        return { applied: state.dataset.mutateRandomly(random, seed) };
      }
      return { applied: [applyMutation(state.dataset, parseBody(actionBody, body))] };
    });

    app.post('/generate', async (request) => {
      const options = parseBody(generateOptionsSchema, request.body);
      state.dataset = generateSnykDataset({ ...options, clock: state.dataset.clock });
      return state.dataset.summary();
    });

    app.get('/dataset/summary', async () => state.dataset.summary());
  };
}
