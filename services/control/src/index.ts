export { Control, type ControlOptions } from './control.ts';
export { RunCoordinator } from './coordinator.ts';
export { MASK } from './masking.ts';
export { dueSlot, latestSlot, nextSlot } from './schedule.ts';
export { Scheduler, scheduledRunId } from './scheduler.ts';
export { type Check, type TestResult, testConnection } from './test-connection.ts';
