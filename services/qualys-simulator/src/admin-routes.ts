import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { QualysAssetInput } from './asset.ts';
import { emptyStats, type SimulatorContext } from './context.ts';
import { ASSET_FIELDS } from './dataset.ts';
import { simulatorErrors } from './errors.ts';
import { faultsSchema } from './faults.ts';
import { generateQualysDataset, mutateQualysDataset } from './generate.ts';
import { parseOrThrow } from './validation.ts';

export const MAX_GENERATED_ASSETS = 200_000;

const nullableString = z.string().nullable().optional();
const nullableNumber = z.number().nullable().optional();
const group = z.record(z.string(), z.unknown()).nullable().optional();

/** Every GAV field is accepted; the commonly set ones are type-checked; unknown fields are refused. */
const assetInputSchema = z.strictObject({
  ...Object.fromEntries(ASSET_FIELDS.map((field) => [field, z.unknown().optional()])),
  assetId: z.number().int().positive().optional(),
  assetName: z.string().optional(),
  assetUUID: z.string().optional(),
  hostId: z.number().int().nullable().optional(),
  dnsName: nullableString,
  netbiosName: nullableString,
  fqdn: nullableString,
  address: nullableString,
  domain: nullableString,
  biosSerialNumber: nullableString,
  biosAssetTag: nullableString,
  totalMemory: nullableNumber,
  createdDate: z.string().optional(),
  lastModifiedDate: z.string().optional(),
  sensorLastUpdatedDate: nullableString,
  provider: z.enum(['AWS', 'Azure', 'GCP']).nullable().optional(),
  operatingSystem: group,
  hardware: group,
  processor: group,
  cloudProvider: group,
  volumeListData: z
    .object({ volume: z.array(z.record(z.string(), z.unknown())) })
    .nullable()
    .optional(),
  networkInterfaceListData: z
    .object({ networkInterface: z.array(z.record(z.string(), z.unknown())) })
    .nullable()
    .optional(),
  softwareListData: z
    .object({ software: z.array(z.record(z.string(), z.unknown())) })
    .nullable()
    .optional(),
  tagList: z
    .object({ tag: z.array(z.record(z.string(), z.unknown())) })
    .nullable()
    .optional(),
});

const generateSchema = z.strictObject({
  seed: z.number().int(),
  assets: z.number().int().min(0).max(MAX_GENERATED_ASSETS),
});

const mutateSchema = z.strictObject({
  random: z.number().int().min(1).max(100_000),
  seed: z.number().int().default(1),
});

const idParamSchema = z.object({ id: z.coerce.number().int().positive() });

/** Test controls under `/_sim`, without auth and outside the stats and limits. */
export function registerAdminRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.get('/_sim/stats', async () => ctx.stats);

  app.post('/_sim/reset-stats', async (_request, reply) => {
    ctx.stats = emptyStats();
    return reply.code(204).send();
  });

  app.get('/_sim/faults', async () => ctx.faults.current);

  app.post('/_sim/faults', async (request) => {
    const patch = parseOrThrow(faultsSchema, request.body ?? {});
    ctx.emptyPagesServed.clear();
    return ctx.faults.set(patch);
  });

  app.post('/_sim/expire-tokens', async (_request, reply) => {
    ctx.tokens.expireAll();
    return reply.code(204).send();
  });

  app.post('/_sim/generate', async (request) => {
    const { seed, assets } = parseOrThrow(generateSchema, request.body);
    ctx.dataset.replaceAll(generateQualysDataset({ seed, assets, clock: ctx.clock }).assets);
    return { assets: ctx.dataset.size };
  });

  app.get('/_sim/assets/:id', async (request) => {
    const { id } = parseOrThrow(idParamSchema, request.params);
    const asset = ctx.dataset.get(id);
    if (!asset) throw simulatorErrors.QUALYS_SIM_ASSET_NOT_FOUND(id);
    return asset;
  });

  app.post('/_sim/assets', async (request, reply) => {
    const input = parseOrThrow(assetInputSchema, request.body ?? {}) as QualysAssetInput;
    return reply.code(201).send(ctx.dataset.add(input));
  });

  app.patch('/_sim/assets/:id', async (request) => {
    const { id } = parseOrThrow(idParamSchema, request.params);
    const patch = parseOrThrow(assetInputSchema, request.body ?? {}) as QualysAssetInput;
    return ctx.dataset.update(id, patch);
  });

  app.delete('/_sim/assets/:id', async (request, reply) => {
    const { id } = parseOrThrow(idParamSchema, request.params);
    ctx.dataset.remove(id);
    return reply.code(204).send();
  });

  app.post('/_sim/clear', async (_request, reply) => {
    ctx.dataset.clear();
    return reply.code(204).send();
  });

  app.post('/_sim/mutate', async (request) => {
    const { random, seed } = parseOrThrow(mutateSchema, request.body ?? {});
    return mutateQualysDataset(ctx.dataset, { changes: random, seed, clock: ctx.clock });
  });
}
