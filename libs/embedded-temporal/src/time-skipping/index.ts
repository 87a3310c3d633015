export { hasOutstandingTasks } from './outstanding-tasks';
export { testServiceHandlers } from './test-service';
export {
  type QuietProbe,
  TimeSkippingClock,
  type TimeSkippingClockOptions,
  TimeSkippingError,
} from './time-skipping-clock';
