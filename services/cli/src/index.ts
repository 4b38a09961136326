export { AllInOne, type AllInOneOptions, newRunId } from './all-in-one.ts';
export { loadSluiceConfig, type SluiceConfig, sluiceConfigSchema } from './config.ts';
export { ProgressLine, progressOf, type RunProgress } from './progress.ts';
export { type RunSummary, runSummary } from './summary.ts';
