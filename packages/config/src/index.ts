export { configErrors } from './errors.ts';
export { envOverrides, type LoadOptions, loadConfig, parseConfig, readConfigFile } from './load.ts';
export { SecretRef, secretRef } from './secret.ts';
