export * from './policy';
export * from './open';
export * from './legal-basis-id';
