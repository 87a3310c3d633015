export * from './state';
export * from './events';
export * from './commands';
export * from './decide';
export * from './confidential';
export * from './documents';
export * from './stage-table';
export * from './vocabulary';
