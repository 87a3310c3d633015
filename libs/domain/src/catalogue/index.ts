export * from './catalogue';
export * from './agencies';
