/**
 * The audit side of the API: case history and state at a point in time, hash-chain verification, case-file
 * exports, workflow history and replay check, read-model rebuild, and the access log of case reads (a
 * global interceptor, so every feature's case reads are recorded). See README.md in this folder.
 */
import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CaseAccessLogInterceptor } from './access-log/access-log.interceptor';
import { CaseAccessLog } from './access-log/access-log.repository';
import { AuditController } from './audit.controller';
import { CaseAuditController } from './case-audit.controller';
import { CaseHistoryService } from './case-history.service';
import { CaseScope } from './case-scope.service';
import { IntegrityService } from './integrity.service';
import { WorkflowAuditService } from './workflow-audit.service';

@Module({
  controllers: [CaseAuditController, AuditController],
  providers: [
    CaseScope,
    CaseHistoryService,
    IntegrityService,
    WorkflowAuditService,
    CaseAccessLog,
    { provide: APP_INTERCEPTOR, useClass: CaseAccessLogInterceptor },
  ],
  exports: [CaseAccessLog, CaseScope],
})
export class AuditModule {}
