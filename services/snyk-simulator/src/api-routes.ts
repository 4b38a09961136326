/**
 * The Snyk REST endpoints under `/rest`: auth, the per-token rate limit and injected faults run first
 * (an `onRequest` hook), then each route validates its query and serves one page.
 */
import { SluiceError } from '@sluice/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { snykSimulatorErrors } from './errors.ts';
import { issueFilter, orgFilter, projectFilter, projectResource } from './filters.ts';
import { errorDocument, JSON_API_TYPE, JSON_API_VERSION } from './json-api.ts';
import { pageLinks, queryString } from './links.ts';
import { type Page, selectPage } from './paging.ts';
import {
  cursorsOf,
  issuesQuery,
  orgsQuery,
  parseQuery,
  projectsQuery,
  type RawQuery,
  selfQuery,
} from './query.ts';
import type { SnykOrg } from './resources.ts';
import { type Caller, canSee, type SimulatorState } from './state.ts';

const DEFAULT_LIMIT = 10;
const AUTHORIZATION = /^(token|bearer)\s+(\S+)\s*$/i;
const SERVER_ERRORS = {
  500: snykSimulatorErrors.SNYK_INTERNAL,
  502: snykSimulatorErrors.SNYK_BAD_GATEWAY,
  503: snykSimulatorErrors.SNYK_UNAVAILABLE,
  504: snykSimulatorErrors.SNYK_TIMEOUT,
} as const;

/** Any failure, as the Snyk error the client sees. */
function asSnykError(error: unknown): SluiceError {
  if (error instanceof SluiceError && error.code.startsWith('SNYK_')) return error;
  const status =
    error instanceof SluiceError
      ? error.statusCode
      : ((error as { statusCode?: number } | undefined)?.statusCode ?? undefined);
  if (status === 404) return snykSimulatorErrors.SNYK_NOT_FOUND();
  if (status !== undefined && status >= 400 && status < 500) {
    return snykSimulatorErrors.SNYK_BAD_REQUEST((error as Error).message);
  }
  return snykSimulatorErrors.SNYK_INTERNAL.with({ cause: error });
}

function sendDocument(reply: FastifyReply, served: string, document: object): FastifyReply {
  return reply
    .header('snyk-version-served', served)
    .header('snyk-version-lifecycle-stage', 'ga')
    .type(JSON_API_TYPE)
    .send(JSON.stringify(document));
}

export function apiRoutes(state: SimulatorState) {
  const callers = new WeakMap<FastifyRequest, Caller>();
  const callerOf = (request: FastifyRequest) => callers.get(request)!;
  const sequenceOf = (resource: object) => state.dataset.sequenceOf(resource);

  const visibleOrg = (caller: Caller, orgId: string): SnykOrg => {
    const org = state.dataset.org(orgId);
    if (!org || !canSee(caller, orgId)) throw snykSimulatorErrors.SNYK_NOT_FOUND();
    return org;
  };

  const collectionDocument = <T extends { id: string }>(
    page: Page<T>,
    data: unknown[],
    options: { path: string; given: ReadonlyArray<readonly [string, string]>; limit: number },
    collection: 'orgs' | 'projects' | 'issues',
  ) => ({
    jsonapi: JSON_API_VERSION,
    data,
    links: pageLinks({ ...options, collection, page, sequenceOf }),
  });

  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((error, request, reply) => {
      const snyk = asSnykError(error);
      const retryAfter = snyk.details.retryAfter;
      if (typeof retryAfter === 'number') {
        reply.header('retry-after', String(retryAfter)).header('x-ratelimit-reset', String(retryAfter));
      }
      reply
        .code(snyk.statusCode ?? 500)
        .type(JSON_API_TYPE)
        .send(JSON.stringify(errorDocument(snyk, request.id)));
    });

    // JSON:API forbids media type parameters; fastify would append `; charset=utf-8` to any JSON type.
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-type', JSON_API_TYPE);
      return payload;
    });

    app.setNotFoundHandler(() => {
      throw snykSimulatorErrors.SNYK_NOT_FOUND();
    });

    app.addHook('onRequest', async (request, reply) => {
      reply.header('snyk-request-id', request.id);
      const version = (request.query as RawQuery).version;
      if (typeof version === 'string') reply.header('snyk-version-requested', version);

      const token = AUTHORIZATION.exec(request.headers.authorization ?? '')?.[2];
      const caller = token === undefined ? undefined : state.callers.get(token);
      if (!caller) throw snykSimulatorErrors.SNYK_UNAUTHORIZED();
      callers.set(request, caller);

      const admission = state.limiter.admit(caller.token);
      if (!admission.admitted) {
        state.stats.count('rateLimited');
        throw snykSimulatorErrors.SNYK_THROTTLED.with({
          details: { retryAfter: admission.retryAfterSeconds },
        });
      }

      const fault = state.faults.draw();
      if (fault?.kind === 'drop') {
        state.stats.count('dropped');
        reply.hijack();
        request.raw.socket.destroy();
      } else if (fault?.kind === '429') {
        state.stats.count('rateLimited');
        throw snykSimulatorErrors.SNYK_THROTTLED.with({ details: { retryAfter: 1 } });
      } else if (fault?.kind === '5xx') {
        state.stats.count('injected5xx');
        throw SERVER_ERRORS[fault.status]();
      }
    });

    app.get('/self', async (request, reply) => {
      const { served, given } = parseQuery(selfQuery, request.query as RawQuery);
      return sendDocument(reply, served, {
        jsonapi: JSON_API_VERSION,
        data: callerOf(request).user,
        links: { self: `/self?${queryString(given)}` },
      });
    });

    app.get('/orgs', async (request, reply) => {
      const { values, given, served } = parseQuery(orgsQuery, request.query as RawQuery);
      const limit = values.limit ?? DEFAULT_LIMIT;
      const page = selectPage(state.dataset.orgs, sequenceOf, orgFilter(values, callerOf(request)), {
        limit,
        ...cursorsOf('orgs', values),
      });
      const data =
        values.expand === 'member_role'
          ? page.items.map((org) => ({
              ...org,
              relationships: {
                member_role: { data: { id: org.id, type: 'org_role', attributes: { name: 'Org Admin' } } },
              },
            }))
          : page.items;
      return sendDocument(
        reply,
        served,
        collectionDocument(page, data, { path: '/orgs', given, limit }, 'orgs'),
      );
    });

    app.get<{ Params: { org_id: string } }>('/orgs/:org_id/projects', async (request, reply) => {
      const { values, given, served } = parseQuery(projectsQuery, request.query as RawQuery);
      const orgId = visibleOrg(callerOf(request), request.params.org_id).id;
      const path = `/orgs/${orgId}/projects`;
      const projects = state.dataset.projectsOfOrg(orgId);
      const matches = projectFilter(values);
      if (values.meta_count === 'only') {
        return sendDocument(reply, served, {
          jsonapi: JSON_API_VERSION,
          meta: { count: projects.filter(matches).length },
          links: { self: `${path}?${queryString(given)}` },
        });
      }
      const limit = values.limit ?? DEFAULT_LIMIT;
      const page = selectPage(projects, sequenceOf, matches, { limit, ...cursorsOf('projects', values) });
      const data = page.items.map((project) => projectResource(project, state.dataset, values));
      return sendDocument(reply, served, collectionDocument(page, data, { path, given, limit }, 'projects'));
    });

    app.get<{ Params: { org_id: string } }>('/orgs/:org_id/issues', async (request, reply) => {
      const { values, given, served } = parseQuery(issuesQuery, request.query as RawQuery);
      const scanItemId = values['scan_item.id'];
      if (scanItemId !== undefined && values['scan_item.type'] === undefined) {
        throw snykSimulatorErrors.SNYK_BAD_REQUEST.with(
          { details: { parameter: 'scan_item.type' } },
          "Query parameter 'scan_item.type' is required with 'scan_item.id'",
        );
      }
      const orgId = visibleOrg(callerOf(request), request.params.org_id).id;
      const { dataset } = state;
      // One project's issues come from its own index, so a targeted refresh does not scan the org.
      const candidates =
        scanItemId === undefined
          ? dataset.issuesOfOrg(orgId)
          : dataset.project(scanItemId)?.relationships.organization.data.id === orgId
            ? dataset.issuesOfProject(scanItemId)
            : [];
      const limit = values.limit ?? DEFAULT_LIMIT;
      const page = selectPage(candidates, sequenceOf, issueFilter(values), {
        limit,
        ...cursorsOf('issues', values),
      });
      const data: unknown[] = [...page.items];
      const duplicate = state.faults.duplicateIndex(page.items.length);
      if (duplicate !== undefined) {
        state.stats.count('duplicatesServed');
        const at = duplicate + 1 + Math.floor((page.items.length - duplicate) / 2);
        data.splice(at, 0, page.items[duplicate]);
      }
      const path = `/orgs/${orgId}/issues`;
      return sendDocument(reply, served, collectionDocument(page, data, { path, given, limit }, 'issues'));
    });
  };
}
