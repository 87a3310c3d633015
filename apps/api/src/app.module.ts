/**
 * The API's root module: the platform (auth, errors, validation, health, metrics), the connections
 * (PostgreSQL, Temporal) and the feature modules. Built with `AppModule.register(...)` so the configuration
 * is read once, by the entry point.
 */
import { type DynamicModule, Module } from '@nestjs/common';
import { type DocumentsConfig, documentsConfigFromEnv } from '@netral/documents';
import { CasesModule } from './cases/cases.module';
import { CataloguesModule } from './catalogues/catalogues.module';
import { DeadlinePoliciesModule } from './deadline-policies/deadline-policies.module';
import { AuditModule } from './audit';
import { ConsoleModule } from './console';
import { DocumentsModule } from './documents/documents.module';
import { CodecModule } from './codec/codec.module';
import { NotificationsModule } from './notifications/notifications.module';
import { InfrastructureModule, type InfrastructureOptions } from './infrastructure';
import { PlatformModule, type PlatformOptions } from './platform';

export interface AppOptions extends PlatformOptions {
  infrastructure: InfrastructureOptions;
  /** Document storage and upload limit; default: from the environment (DOCUMENT_STORE, DOCUMENT_MAX_BYTES, …). */
  documents?: DocumentsConfig;
}

/** The feature modules, one folder each under apps/api/src. */
const FEATURES: NonNullable<DynamicModule['imports']> = [
  CasesModule,
  CataloguesModule,
  DeadlinePoliciesModule,
  AuditModule,
  NotificationsModule,
  CodecModule,
];

@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    const { infrastructure, documents, ...platform } = options;
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(platform),
        InfrastructureModule.forRoot(infrastructure),
        ...FEATURES,
        ConsoleModule.register(platform.config),
        DocumentsModule.register(documents ?? documentsConfigFromEnv(process.env)),
      ],
    };
  }
}
