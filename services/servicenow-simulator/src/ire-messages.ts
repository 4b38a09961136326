/**
 * Every per-item error and warning the simulated IRE reports, declared once: the IRE code and the
 * message template. Templates are the platform's wording (ServiceNow docs, "IRE error messages")
 * wherever the docs give one; `%s` placeholders are filled in order.
 */

export interface IreMessage {
  readonly error: string;
  readonly message: string;
}

interface MessageSpec {
  readonly code: string;
  readonly template: string;
}

const MESSAGES = {
  noDataSource: {
    code: 'INVALID_INPUT_DATA',
    template:
      'In payload no data source exist. You need to provide choice value from choice field [discovery_source] in table [cmdb_ci]',
  },
  invalidDataSource: {
    code: 'INVALID_INPUT_DATA',
    template:
      'In payload invalid data source [%s] exist. You need to provide a valid choice value from field [discovery_source] in table [cmdb_ci]',
  },
  invalidItem: { code: 'INVALID_INPUT_DATA', template: "In payload invalid item '%s': %s" },
  invalidClassName: {
    code: 'INVALID_INPUT_DATA',
    template: 'In payload invalid className [%s]: no such CMDB class exists',
  },
  invalidSysId: {
    code: 'INVALID_INPUT_DATA',
    template:
      'Found invalid sys_id in payload. No record with sys_id [%s] exist in table [%s] or is a duplicate record with [duplicate_of] field set to a main CI',
  },
  unknownRelationType: {
    code: 'INVALID_INPUT_DATA',
    template:
      'No such relationship with name [%s] exist in table [cmdb_rel_type]. If out-of-box relationship for [%s] has been removed or renamed, it should be restored',
  },
  invalidParentIndex: {
    code: 'INVALID_INPUT_DATA',
    template: "Payload relations '%s' has invalid parent record index: [%s]",
  },
  invalidChildIndex: {
    code: 'INVALID_INPUT_DATA',
    template: "Payload relations '%s' has invalid child record index: [%s]",
  },
  invalidReferenceItem: {
    code: 'INVALID_INPUT_DATA',
    template: "Payload referenceItems '%s' has invalid internal_id: [%s]",
  },
  ruleMissing: { code: 'IDENTIFICATION_RULE_MISSING', template: 'Identity Rule Missing for table [%s]' },
  lookupRuleMissing: {
    code: 'IDENTIFICATION_RULE_FOR_LOOKUP_MISSING',
    template: 'Identity Rule for table [%s] missing Lookup Rule for class [%s]',
  },
  relatedRuleMissing: {
    code: 'IDENTIFICATION_RULE_FOR_RELATED_ITEM_MISSING',
    template: 'Identity Rule for table [%s] missing Related Rule for class [%s]',
  },
  missingMatchingAttributes: {
    code: 'MISSING_MATCHING_ATTRIBUTES',
    template:
      "In payload missing minimum set of input values for criterion (matching) attributes from identify rule for table [%s]. Add these input values in payload item '%s'",
  },
  duplicatePayloadRecords: {
    code: 'DUPLICATE_PAYLOAD_RECORDS',
    template:
      'Found duplicate items in the payload (index %s and %s), using className [%s] and fields [%s]. Remove duplicate items from payload',
  },
  // The docs file this message under MULTIPLE_DUPLICATE_RECORDS; the project contract reports MULTI_MATCH.
  tableMultiMatch: {
    code: 'MULTI_MATCH',
    template: 'Found duplicate records in table [%s] using fields [%s]',
  },
  lookupMultiMatch: {
    code: 'MULTI_MATCH',
    template: 'Found duplicate records in lookup table [%s] using fields [%s] and reference field [%s]',
  },
  abandonedDependency: {
    code: 'ABANDONED',
    template: "Abandoning processing payload item '%s', since its depends on payload item '%s' has errors",
  },
  abandonedPayload: { code: 'ABANDONED', template: 'Detected error while processing payload from %s' },
  abandonedRelation: {
    code: 'ABANDONED',
    template: 'While processing relations encountered errors in payload item: %s',
  },
} as const satisfies Record<string, MessageSpec>;

export type IreMessageKind = keyof typeof MESSAGES;

/** IRE codes whose items the enhanced API keeps as partial payloads instead of failing them. */
export const PARTIAL_ITEM_CODES: ReadonlySet<string> = new Set([
  'MISSING_MATCHING_ATTRIBUTES',
  'REQUIRED_ATTRIBUTE_EMPTY',
  'MISSING_DEPENDENCY',
  'INSERT_NOT_ALLOWED_FOR_SOURCE',
]);

export function ireMessage(kind: IreMessageKind, ...args: Array<string | number>): IreMessage {
  const spec: MessageSpec = MESSAGES[kind];
  let i = 0;
  return { error: spec.code, message: spec.template.replace(/%s/g, () => String(args[i++] ?? '')) };
}

/** An error a test forced on an item through the simulator's faults. */
export function forcedItemError(code: string): IreMessage {
  return { error: code, message: `Simulated fault: ${code} forced on this payload item` };
}
