/** Temporal schedules: the spec engine (`spec/`), the runner that takes the actions, and the RPCs. */
export { ScheduleRunner } from './runner';
export { scheduleServiceHandlers } from './service';
