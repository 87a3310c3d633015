export * from './case-read-models';
export * from './notification-delivery';
export * from './migration';
