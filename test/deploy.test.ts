/** The deployment files stay in step with the code: every service's main is deployed, and exists. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const ROOT = join(import.meta.dirname, '..');
const SERVICES = ['transformer', 'etm-sink', 'cmdb-sink', 'snyk-producer', 'qualys-producer', 'control'];

describe('deployment files', () => {
  it('every pipeline service has a main.ts', () => {
    for (const service of SERVICES)
      expect(existsSync(join(ROOT, 'services', service, 'src', 'main.ts')), service).toBe(true);
  });

  it('docker-compose runs every service with an existing entry point', () => {
    const compose = YAML.parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { command?: string[] }>;
    };
    for (const service of SERVICES) {
      const command = compose.services[service]?.command ?? [];
      expect(command, service).toEqual(['node', `services/${service}/src/main.ts`]);
    }
    for (const [name, definition] of Object.entries(compose.services)) {
      const entry = definition.command?.[1];
      if (entry) expect(existsSync(join(ROOT, entry)), `${name}: ${entry}`).toBe(true);
    }
  });

  it('Kubernetes deploys every service with probes on the metrics port', () => {
    const dir = join(ROOT, 'deploy', 'k8s');
    const docs = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => YAML.parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS()));
    const deployments = docs.filter((d) => d?.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...SERVICES].sort());
    for (const d of deployments) {
      const container = d.spec.template.spec.containers[0];
      expect(existsSync(join(ROOT, container.command[1])), d.metadata.name).toBe(true);
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(
        container.env.find((e: { name: string }) => e.name === 'INSTANCE_ID').valueFrom.fieldRef.fieldPath,
      ).toBe('metadata.name');
    }
  });
});
