/**
 * The bulk form of the audited migration: one MigrateDeadlinePolicy per open case of the caller's scope, in
 * case-id order, one at a time (each is a workflow update; the command lock orders them per case). A case
 * already on the version is refused by the domain (DEADLINE_POLICY_UNCHANGED) and counted as `already`, so
 * running the same request again changes nothing.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../infrastructure';
import { ALL_AGENCIES, type AuthenticatedUser, ProblemException } from '../platform';
import { CaseCommandService } from '../cases/commands/case-command.service';
import { type BulkPolicyMigrationDto, type PolicyMigrationReportView } from './deadline-policy.views';

@Injectable()
export class PolicyMigrationService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CaseCommandService) private readonly commands: CaseCommandService,
  ) {}

  private async openCases(user: AuthenticatedUser, body: BulkPolicyMigrationDto): Promise<string[]> {
    const national = user.agency === ALL_AGENCIES;
    const rows: { case_id: string }[] = await this.dataSource.query(
      `SELECT case_id FROM case_summary
       WHERE stage NOT IN ('none', 'closed')
         AND ($1::boolean OR agency = $2)
         AND ($3::text[] IS NULL OR stage = ANY($3::text[]))
         AND ($4::text[] IS NULL OR case_id = ANY($4::text[]))
       ORDER BY case_id`,
      [national, user.agency, body.filter?.stages ?? null, body.filter?.caseIds ?? null],
    );
    return rows.map((r) => r.case_id);
  }

  async migrateAll(
    user: AuthenticatedUser,
    body: BulkPolicyMigrationDto,
  ): Promise<PolicyMigrationReportView> {
    const report: PolicyMigrationReportView = {
      toVersion: body.toVersion,
      considered: 0,
      migrated: 0,
      already: 0,
      refused: 0,
      migratedCaseIds: [],
      refusals: [],
    };
    for (const caseId of await this.openCases(user, body)) {
      report.considered += 1;
      try {
        await this.commands.execute(
          user,
          caseId,
          'MigrateDeadlinePolicy',
          { toVersion: body.toVersion, reason: body.reason },
          {},
        );
        report.migrated += 1;
        report.migratedCaseIds.push(caseId);
      } catch (error) {
        if (!(error instanceof ProblemException)) throw error;
        if (error.problem.code === 'DEADLINE_POLICY_UNCHANGED') {
          report.already += 1;
        } else {
          report.refused += 1;
          report.refusals.push({ caseId, code: error.problem.code, detail: error.problem.detail });
        }
      }
    }
    return report;
  }
}
