export * from './civil-date';
export * from './instant';
export * from './working-days';
export * from './indonesian';
