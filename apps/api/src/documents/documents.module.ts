/**
 * Documents of a case: evidence uploads, verified downloads, the berkas PDF, and the official letters
 * (drafts and issued letters). The storage backend and size limit come from `DocumentsConfig`.
 */
import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DocumentRepository, type DocumentsConfig, blobStoreFor } from '@netral/documents';
import type { DataSource } from 'typeorm';
import { AuditModule } from '../audit';
import { CasesModule } from '../cases/cases.module';
import { DATA_SOURCE } from '../infrastructure';
import { acceptMultipartOn } from '../platform';
import { DocumentService } from './document.service';
import { DocumentsController } from './documents.controller';
import { LetterService } from './letter.service';
import { LettersController } from './letters.controller';
import { DOCUMENTS_CONFIG } from './tokens';
import { DocumentUploadInterceptor } from './upload.interceptor';

/** Staged files whose request died more than this long ago are removed (their command never came). */
export const ORPHAN_GRACE_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

acceptMultipartOn(/^\/cases\/[^/]+\/documents\/?$/);

/** Removes orphaned uploads hourly (unref'd: never keeps the process alive). */
@Injectable()
class OrphanSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Documents');
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(DocumentRepository) private readonly repository: DocumentRepository) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.repository
        .sweep(ORPHAN_GRACE_MS)
        .then((removed) => {
          if (removed.uploads + removed.files > 0)
            this.logger.log(`orphans removed: ${JSON.stringify(removed)}`);
        })
        .catch((error: unknown) => this.logger.warn(`orphan sweep failed: ${String(error)}`));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

@Module({})
export class DocumentsModule {
  static register(config: DocumentsConfig): DynamicModule {
    return {
      module: DocumentsModule,
      imports: [AuditModule, CasesModule],
      controllers: [DocumentsController, LettersController],
      providers: [
        { provide: DOCUMENTS_CONFIG, useValue: config },
        {
          provide: DocumentRepository,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new DocumentRepository(dataSource, blobStoreFor(config)),
        },
        DocumentService,
        LetterService,
        DocumentUploadInterceptor,
        OrphanSweeper,
      ],
    };
  }
}
