export * from './migration';
export * from './directory';
