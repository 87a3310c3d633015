/**
 * The API's root module: the platform (auth, errors, validation, health, metrics) plus the feature
 * modules. Built with `AppModule.register(...)` so the configuration is read once, by the entry point.
 */
import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from './platform';

@Module({})
export class AppModule {
  static register(platform: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(platform)],
    };
  }
}
