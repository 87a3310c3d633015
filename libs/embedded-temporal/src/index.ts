export { type Clock, WallClock } from './clock';
export { type Logger, type LogLevel, silentLogger, streamLogger } from './logger';
export { type RunningTemporalServer, startTemporalServer, type TemporalServerOptions } from './server';
export { TimeSkippingClock, type TimeSkippingClockOptions, TimeSkippingError } from './time-skipping';
