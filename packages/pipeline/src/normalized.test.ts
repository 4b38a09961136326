import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import type { CmdbCiEvent, EtmAssetEvent } from './normalized.ts';
import { SCHEMAS_DIR } from './schemas.ts';

const type = (topic: string) =>
  avro.Type.forSchema(JSON.parse(readFileSync(join(SCHEMAS_DIR, `${topic}.avsc`), 'utf8')));

const marker = {
  mode: 'full' as const,
  complete: true,
  completeEntities: ['assets'],
  sourceTopic: 'qualys.raw.assets',
  sourcePartition: 0,
  sourcePartitions: 3,
  sourceTopics: [{ topic: 'qualys.raw.assets', partitions: 3 }],
};

describe('normalized topic types match their Avro schemas', () => {
  it('etm.assets.v1', () => {
    const finding: EtmAssetEvent = {
      connectionId: 'c',
      runId: 'r',
      kind: 'FINDING',
      externalAssetId: 'a',
      mappingVersion: 'snyk-etm/1',
      asset: null,
      finding: {
        externalFindingId: 'f',
        name: 'n',
        description: null,
        severity: 4,
        findingStatus: 'ACTIVE',
        firstFoundOn: null,
        lastFoundOn: null,
        findingType: { vulnerability: { cweId: 'CWE-1', cveId: null, exploitedByList: [] } },
        riskAcceptance: { ignored: false },
        findingDetectionURL: null,
        findingURL: null,
      },
      marker: null,
    };
    const end: EtmAssetEvent = {
      ...finding,
      kind: 'END_OF_RUN',
      externalAssetId: null,
      finding: null,
      marker: { ...marker, mode: 'delta' },
    };
    expect(type('etm.assets.v1').isValid(finding)).toBe(true);
    expect(type('etm.assets.v1').isValid(end)).toBe(true);
  });

  it('cmdb.cis.v1', () => {
    const ci: CmdbCiEvent = {
      connectionId: 'c',
      runId: 'r',
      kind: 'CI',
      nativeKey: '101',
      rulesetVersion: '1',
      mappingVersion: 'qualys-cmdb/1',
      ci: {
        api: 'GAV',
        className: 'cmdb_ci_linux_server',
        matchedRule: 'hardware#1>computer#4',
        items: [
          {
            className: 'cmdb_ci_linux_server',
            internalId: 'ci-101',
            values: { name: 'web-01', install_status: '1' },
            lookup: [
              {
                className: 'cmdb_serial_number',
                values: { serial_number: 'ABC12345', serial_number_type: 'bios', valid: 'true' },
              },
            ],
            related: [],
            sysObjectSourceInfo: {
              sourceName: 'SG-Qualys',
              sourceFeed: 'Qualys q',
              sourceNativeKey: '101',
              sourceRecencyTimestamp: null,
            },
          },
        ],
        relations: [{ parentId: 'vm-101', childId: 'ci-101', type: 'Virtualized by::Virtualizes' }],
      },
      marker: null,
    };
    expect(type('cmdb.cis.v1').isValid(ci)).toBe(true);
    expect(
      type('cmdb.cis.v1').isValid({ ...ci, kind: 'END_OF_RUN', nativeKey: null, ci: null, marker }),
    ).toBe(true);
  });
});
