export * from './errors';
export * from './types';
export * from './hash';
export * from './upcasting';
export * from './event-store';
export * from './data-source';
export * from './projections/projection';
export * from './projections/projection-runner';
export { executor } from './projections/executor';
