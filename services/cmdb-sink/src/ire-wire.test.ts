import type { IreItem } from '@sluice/pipeline';
import { describe, expect, it } from 'vitest';
import { irePayload, outcomeOf, resultsByInternalId } from './ire-wire.ts';

const item = (internalId: string, className: string, values: Record<string, string> = {}): IreItem => ({
  className,
  internalId,
  values,
  lookup: [],
  related: [],
  sysObjectSourceInfo: null,
});

describe('IRE payloads', () => {
  it('sends a datacenter shared by two CIs once, with snake_case source info and de-duplicated relations', () => {
    const main = {
      ...item('ci-1', 'cmdb_ci_linux_server', { name: 'a' }),
      sysObjectSourceInfo: {
        sourceName: 'SG-Qualys',
        sourceFeed: 'Qualys q',
        sourceNativeKey: '1',
        sourceRecencyTimestamp: null,
      },
    };
    const dc = item('dc-aws-us-east-1', 'cmdb_ci_aws_datacenter', {
      name: 'us-east-1',
      object_id: 'us-east-1',
      region: 'us-east-1',
    });
    const payload = irePayload([
      {
        items: [main, item('vm-1', 'cmdb_ci_vm_instance'), dc],
        relations: [{ parentId: 'vm-1', childId: 'dc-aws-us-east-1', type: 'Hosted on::Hosts' }],
      },
      {
        items: [item('ci-2', 'cmdb_ci_linux_server'), item('vm-2', 'cmdb_ci_vm_instance'), dc],
        relations: [{ parentId: 'vm-2', childId: 'dc-aws-us-east-1', type: 'Hosted on::Hosts' }],
      },
    ]);
    expect(payload.items.map((i) => i.internal_id)).toEqual([
      'ci-1',
      'vm-1',
      'dc-aws-us-east-1',
      'ci-2',
      'vm-2',
    ]);
    expect(payload.items[0]).toEqual({
      className: 'cmdb_ci_linux_server',
      internal_id: 'ci-1',
      values: { name: 'a' },
      lookup: [],
      related: [],
      sys_object_source_info: { source_name: 'SG-Qualys', source_feed: 'Qualys q', source_native_key: '1' },
    });
    expect(payload.items[1]).not.toHaveProperty('sys_object_source_info');
    expect(payload.relations).toEqual([
      { parent_id: 'vm-1', child_id: 'dc-aws-us-east-1', type: 'Hosted on::Hosts' },
      { parent_id: 'vm-2', child_id: 'dc-aws-us-east-1', type: 'Hosted on::Hosts' },
    ]);
  });

  it('maps results to items through inputIndices, not positions', () => {
    const payload = irePayload([{ items: [item('a', 'x'), item('b', 'x'), item('c', 'x')], relations: [] }]);
    const results = resultsByInternalId(payload, {
      result: {
        items: [
          { operation: 'INSERT', inputIndices: [2] },
          { operation: 'NO_CHANGE', inputIndices: [0, 1] },
        ],
      },
    });
    expect(results.get('c')?.operation).toBe('INSERT');
    expect(results.get('a')?.operation).toBe('NO_CHANGE');
    expect(results.get('b')?.operation).toBe('NO_CHANGE');
  });

  it('counts every operation, and reads errors under HTTP 200', () => {
    expect(outcomeOf({ operation: 'INSERT' })).toEqual({ outcome: 'inserted' });
    expect(outcomeOf({ operation: 'UPDATE' })).toEqual({ outcome: 'updated' });
    expect(outcomeOf({ operation: 'UPDATE_WITH_UPGRADE' })).toEqual({ outcome: 'updated' });
    expect(outcomeOf({ operation: 'NO_CHANGE' })).toEqual({ outcome: 'unchanged' });
    expect(
      outcomeOf({ errors: [{ error: 'MISSING_MATCHING_ATTRIBUTES', message: 'no name' }], errorCount: 1 }),
    ).toEqual({
      outcome: 'errors',
      code: 'MISSING_MATCHING_ATTRIBUTES',
      message: 'no name',
    });
    expect(outcomeOf({ errors: [{ error: 'ABANDONED', message: 'depends on 0' }] }).outcome).toBe('skipped');
    expect(
      outcomeOf({
        operation: 'INSERT_AS_PARTIAL',
        warnings: [{ error: 'MISSING_MATCHING_ATTRIBUTES', message: 'partial' }],
      }),
    ).toEqual({
      outcome: 'errors',
      code: 'MISSING_MATCHING_ATTRIBUTES',
      message: 'partial',
    });
    expect(outcomeOf(undefined).code).toBe('IRE_NO_RESULT');
  });
});
