export {
  InfrastructureModule,
  infrastructureOptionsFromEnv,
  DATA_SOURCE,
  TEMPORAL_CLIENT,
  TEMPORAL_CONNECTION,
  TEMPORAL_SETTINGS,
  type InfrastructureOptions,
  type TemporalSettings,
} from './infrastructure.module';
