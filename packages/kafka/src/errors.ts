import { defineErrors } from '@sluice/errors';

export const kafkaErrors = defineErrors({
  KAFKA_TOPIC_SETUP_FAILED: { message: 'cannot create topic %s: %s', retriable: true },
  KAFKA_TOPIC_UNKNOWN: { message: 'topic %s does not exist', retriable: true },
  SCHEMA_REGISTRATION_FAILED: { message: 'cannot register schema %s as subject %s: %s', retriable: true },
  SCHEMA_INVALID: { message: 'schema file %s is not a valid Avro schema: %s' },
  SCHEMA_NOT_REGISTERED: { message: 'no schema is registered for topic %s; call registerSchemas() at start' },
  RECORD_NOT_ENCODABLE: { message: 'record for %s does not match its schema: %s' },
  RECORD_NOT_DECODABLE: { message: 'record from %s cannot be decoded: %s' },
  TABLE_LOAD_TIMEOUT: { message: 'reading %s to its end took longer than %s ms', retriable: true },
});
