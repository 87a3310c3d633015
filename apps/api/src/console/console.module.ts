/**
 * What the web console (apps/console) needs from the API besides the case endpoints: its static files,
 * how to sign in (and, with the local development secret and AUTH_DEV_SIGN_IN, a development sign-in), and the officer
 * list for assignment.
 */
import { type DynamicModule, Module } from '@nestjs/common';
import type { PlatformConfig } from '../platform';
import { consoleDirectory } from './console-files';
import { ConsoleController } from './console.controller';
import { CONSOLE_DIR } from './console.tokens';
import { OfficersController } from './officers.controller';
import { AuthConfigController, DevSignInController } from './sign-in.controller';

@Module({})
export class ConsoleModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [
        AuthConfigController,
        ...(config.auth.mode === 'local' && config.auth.devSignIn !== false ? [DevSignInController] : []),
        OfficersController,
        ConsoleController,
      ],
      providers: [{ provide: CONSOLE_DIR, useFactory: () => consoleDirectory() }],
    };
  }
}
