export { ConsoleModule } from './console.module';
export { CONSOLE_PATH } from './console.controller';
