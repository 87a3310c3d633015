/** The audit feature's public surface. */
export { AuditModule } from './audit.module';
export { CaseAccessLog, type CaseAccess, type CaseAccessRecord } from './access-log/access-log.repository';
export { RecordsCaseAccess } from './access-log/access-log.interceptor';
export { CaseScope, type VisibleCase } from './case-scope.service';
export { takeListReadRecord, listReadInsertSql, type ListReadRecord } from './access-log/list-read-record';
