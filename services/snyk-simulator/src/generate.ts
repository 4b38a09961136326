import { z } from 'zod';
import {
  buildTarget,
  DAY_MS,
  type IssueTemplate,
  isOpenSourceType,
  iso,
  isoSeconds,
  issueAttributes,
  issueHistory,
  issueTemplate,
  projectAttributes,
  projectKind,
  slugify,
  type TargetSpec,
  type TemplateKind,
} from './builders.ts';
import { ORG_NAMES, ORIGIN_WEIGHTS, SCM_OWNERS, USER_FIRST_NAMES } from './catalog.ts';
import { type ProjectInput, SnykDataset } from './dataset.ts';
import { snykSimulatorErrors } from './errors.ts';
import { hashSeed, Prng } from './prng.ts';

export const generateOptionsSchema = z
  .strictObject({
    seed: z.number().int(),
    orgs: z.number().int().min(0).max(1_000),
    projects: z.number().int().min(0).max(100_000),
    issues: z
      .number()
      .int()
      .min(0)
      .max(2 ** 21),
  })
  .refine((o) => o.projects === 0 || o.orgs > 0, {
    path: ['orgs'],
    message: 'projects need at least one org',
  })
  .refine((o) => o.issues === 0 || o.projects > 0, {
    path: ['projects'],
    message: 'issues need at least one project',
  });

export interface GenerateOptions {
  seed: number;
  orgs: number;
  projects: number;
  issues: number;
  clock?: () => Date;
}

const MANIFESTS_PER_TARGET = { '1': 60, '2': 25, '3': 15 } as const;

interface OrgContext {
  readonly id: string;
  readonly createdMs: number;
  readonly owners: readonly string[];
  readonly users: readonly string[];
  readonly displayNames: Set<string>;
}

interface PlannedProject {
  readonly orgId: string;
  readonly createdMs: number;
  readonly input: ProjectInput & { id: string; attributes: { type: string } };
}

function validate(options: GenerateOptions): void {
  const { clock: _clock, ...counts } = options;
  const result = generateOptionsSchema.safeParse(counts);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  throw snykSimulatorErrors.SIM_INVALID_INPUT(
    'generator option',
    issue.path.join('.') || '(root)',
    issue.message,
  );
}

function planOrgs(rng: Prng, dataset: SnykDataset, count: number, nowMs: number): OrgContext[] {
  const groups = Array.from({ length: count >= 4 ? 2 : 1 }, () => rng.uuid());
  const contexts: OrgContext[] = [];
  for (let i = 0; i < count; i++) {
    const base = ORG_NAMES[i % ORG_NAMES.length]!;
    const round = Math.floor(i / ORG_NAMES.length);
    // One personal org without a group when there are enough orgs, as real tenants have.
    const personal = i === 3 && count >= 5;
    const name = personal
      ? `${USER_FIRST_NAMES[rng.int(USER_FIRST_NAMES.length)]!.toLowerCase()}.personal`
      : round === 0
        ? base
        : `${base} ${round + 1}`;
    const createdMs = nowMs - rng.between(400, 1500) * DAY_MS - rng.int(DAY_MS);
    const updatedMs = createdMs + rng.int(nowMs - DAY_MS - createdMs);
    const id = rng.uuid();
    dataset.addOrg({
      id,
      attributes: {
        name,
        slug: slugify(name),
        group_id: personal ? undefined : groups[i % groups.length]!,
        is_personal: personal,
        access_requests_enabled: rng.chance(0.3),
        created_at: isoSeconds(createdMs),
        updated_at: isoSeconds(updatedMs),
      },
    });
    contexts.push({
      id,
      createdMs,
      owners: rng.sample(SCM_OWNERS, rng.between(1, 3)),
      users: Array.from({ length: 3 }, () => rng.uuid()),
      displayNames: new Set(),
    });
  }
  return contexts;
}

function planProjects(
  rng: Prng,
  orgs: readonly OrgContext[],
  count: number,
  nowMs: number,
): PlannedProject[] {
  const planned: PlannedProject[] = [];
  while (planned.length < count) {
    const org = orgs[rng.int(orgs.length)]!;
    // The first target is a GitHub repository with an Open Source project, so tiny datasets have issues.
    const first = planned.length === 0;
    const origin = first ? 'github' : rng.weighted(ORIGIN_WEIGHTS);
    const target: TargetSpec = buildTarget(rng, origin, org.owners, (name) => org.displayNames.has(name));
    org.displayNames.add(target.displayName);
    const manifests = Math.min(count - planned.length, Number(rng.weighted(MANIFESTS_PER_TARGET)));
    const targetCreatedMs = org.createdMs + Math.floor(rng.next() * (nowMs - 2 * DAY_MS - org.createdMs));
    const seen = new Set<string>();
    for (let m = 0; m < manifests; m++) {
      let kind = first && m === 0 ? { type: 'npm', targetFile: 'package.json' } : projectKind(rng, target);
      for (let retry = 0; seen.has(`${kind.type}:${kind.targetFile}`) && retry < 5; retry++) {
        kind = projectKind(rng, target);
      }
      if (seen.has(`${kind.type}:${kind.targetFile}`)) continue;
      seen.add(`${kind.type}:${kind.targetFile}`);
      const createdMs = targetCreatedMs + rng.int(DAY_MS);
      const attributes = projectAttributes(rng, target, kind, createdMs);
      planned.push({
        orgId: org.id,
        createdMs,
        input: {
          id: rng.uuid(),
          attributes,
          target: {
            id: target.id,
            url: target.url,
            display_name: target.displayName,
            integration_data: target.integrationData,
          },
          meta: {
            cli_monitored_at: origin === 'cli' ? iso(createdMs + rng.int(nowMs - createdMs - DAY_MS)) : null,
            latest_dependency_total: {
              total: rng.between(5, 1500),
              updated_at: iso(nowMs - rng.int(DAY_MS)),
            },
          },
          importer_id: rng.pick(org.users),
          owner_id: rng.chance(0.25) ? null : rng.pick(org.users),
        },
      });
    }
  }
  return planned;
}

/** How many issues each project gets: a heavy tail, some clean projects, few in other products. */
function issueCounts(rng: Prng, projects: readonly PlannedProject[], total: number): number[] {
  const weights = projects.map((project) => {
    const oss = isOpenSourceType(project.input.attributes.type);
    if (rng.chance(oss ? 0.1 : 0.6)) return 0;
    const tail = (-Math.log(1 - rng.next())) ** 1.6;
    return oss ? tail : tail * 0.08;
  });
  if (!weights.some((w) => w > 0)) weights.fill(1);
  const cumulative: number[] = [];
  let sum = 0;
  for (const weight of weights) {
    sum += weight;
    cumulative.push(sum);
  }
  const counts = new Array<number>(projects.length).fill(0);
  for (let i = 0; i < total; i++) {
    const r = rng.next() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid]! > r) high = mid;
      else low = mid + 1;
    }
    counts[low]!++;
  }
  return counts;
}

/**
 * `count` distinct template indexes out of `pool`. Small projects favour low indexes, so popular
 * advisories hit many projects; large ones draw a plain random subset.
 */
function vulnerabilityIndexes(rng: Prng, pool: number, count: number): number[] {
  if (count * 4 > pool) {
    const all = new Uint32Array(pool).map((_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + rng.int(pool - i);
      const swap = all[i]!;
      all[i] = all[j]!;
      all[j] = swap;
    }
    return Array.from(all.subarray(0, count));
  }
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(rng.next() ** 2 * pool));
  return [...picked];
}

/**
 * Issues are planned in project order and inserted in creation order. The plan lives in typed arrays
 * so that 100 000 issues cost one object graph each, not three.
 */
function addIssues(
  rng: Prng,
  seed: number,
  dataset: SnykDataset,
  projects: readonly PlannedProject[],
  total: number,
  nowMs: number,
): void {
  const counts = issueCounts(rng, projects, total);
  const poolSize = new Map<string, number>();
  projects.forEach((project, i) => {
    const type = project.input.attributes.type;
    poolSize.set(type, Math.max(poolSize.get(type) ?? 200, counts[i]! * 2));
  });
  const templates = new Map<string, Map<number, IssueTemplate>>();
  const template = (type: string, kind: TemplateKind, index: number) => {
    const cacheKey = `${type}|${kind}`;
    let cache = templates.get(cacheKey);
    if (!cache) {
      cache = new Map();
      templates.set(cacheKey, cache);
    }
    let found = cache.get(index);
    if (!found) {
      found = issueTemplate(seed, type, kind, index);
      cache.set(index, found);
    }
    return found;
  };
  const chosen: IssueTemplate[] = [];
  const owner = new Uint32Array(total);
  const created = new Float64Array(total);
  const updated = new Float64Array(total);
  const flags = new Uint8Array(total);
  projects.forEach((project, p) => {
    const type = project.input.attributes.type;
    const count = counts[p]!;
    const licenseKeys = new Set<string>();
    for (const index of vulnerabilityIndexes(rng, poolSize.get(type)!, count)) {
      let pick = template(type, 'vulnerability', index);
      if (isOpenSourceType(type) && rng.chance(0.03)) {
        const license = template(type, 'license', rng.int(40));
        if (!licenseKeys.has(license.key)) pick = license;
        licenseKeys.add(license.key);
      }
      const history = issueHistory(rng, project.createdMs, nowMs);
      owner[chosen.length] = p;
      created[chosen.length] = history.createdMs;
      updated[chosen.length] = history.updatedMs;
      flags[chosen.length] = (history.resolved ? 1 : 0) | (history.ignored ? 2 : 0);
      chosen.push(pick);
    }
  });
  // Creation order, to the second: a packed numeric key sorts natively, far faster than a comparator.
  const base = Math.min(nowMs, ...projects.map((project) => project.createdMs));
  const order = new Float64Array(total).map((_, i) => Math.floor((created[i]! - base) / 1000) * 2 ** 21 + i);
  order.sort();
  for (const key of order) {
    const i = key % 2 ** 21;
    dataset.addIssue(projects[owner[i]!]!.input.id, {
      id: rng.uuid(),
      attributes: issueAttributes(rng, chosen[i]!, {
        createdMs: created[i]!,
        updatedMs: updated[i]!,
        resolved: (flags[i]! & 1) === 1,
        ignored: (flags[i]! & 2) === 2,
      }),
    });
  }
}

/**
 * A reproducible tenant: the same seed (and clock) always yields the same orgs, projects and issues.
 * Resources are inserted in creation order, which is the order the API lists them in.
 */
export function generateSnykDataset(options: GenerateOptions): SnykDataset {
  validate(options);
  const clock = options.clock ?? (() => new Date());
  const nowMs = clock().getTime();
  const rng = new Prng(hashSeed('dataset', options.seed));
  const dataset = new SnykDataset({ clock });
  const orgs = planOrgs(rng, dataset, options.orgs, nowMs);
  const projects = options.projects > 0 ? planProjects(rng, orgs, options.projects, nowMs) : [];
  for (const project of [...projects].sort((a, b) => a.createdMs - b.createdMs)) {
    dataset.addProject(project.orgId, project.input);
  }
  addIssues(rng, options.seed, dataset, projects, options.issues, nowMs);
  return dataset;
}
