export * from './policy';
export * from './open';
