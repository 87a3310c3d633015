export * from './catalogue';
export * from './agencies';
export * from './confidence';
