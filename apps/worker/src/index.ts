// Public surface of the worker for the single-process launcher and tests.
export {
  createCaseWorker,
  caseWorkflowBundle,
  notificationChannels,
  type CaseWorkerOptions,
} from './case-worker';
export {
  createCaseActivities,
  currentIndonesianCalendar,
  type CaseActivitiesOptions,
  type DeadlinePlanner,
} from './activities/case-activities';
export {
  WorkerModule,
  CaseWorkerService,
  DATA_SOURCE,
  TEMPORAL_CONNECTION,
  CASE_ACTIVITIES,
} from './worker.module';
export { workerConfigFromEnv, WorkerConfigError, type WorkerConfig } from './worker.config';
export { workerMigrations, OFFICER_DIGEST_TABLE } from './digest/digest.migration';
export { ensureDigestSchedule, digestScheduleOptions, DIGEST_SCHEDULE_ID } from './digest/digest-schedule';
export { createDigestActivities, digestMessage } from './digest/digest-activities';
export { DELIVERY_FAILED } from './notifications/delivery';
