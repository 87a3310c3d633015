/**
 * Integrity checks of the record: hash-chain verification of one case or of every case in the caller's
 * scope, and the rebuild of the case read models from the events with a comparison report.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  EventStore,
  ProjectionRunner,
  type RebuildReport,
  type StreamVerificationReport,
  caseReadModels,
  verifyStreams,
} from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../infrastructure';
import { ALL_AGENCIES, ProblemException, type AuthenticatedUser } from '../platform';
import { CaseScope, type VisibleCase } from './case-scope.service';

export interface CaseVerification extends Omit<StreamVerificationReport, 'streamId'> {
  caseId: string;
  agency: string | null;
}

export interface VerificationSummary {
  verifiedAt: string;
  /** The agency checked, or `*` for national scope. */
  scope: string;
  casesChecked: number;
  eventsChecked: number;
  ok: boolean;
  brokenCases: number;
  results: CaseVerification[];
}

/** Key of the session advisory lock that lets one read-model rebuild run at a time across API instances. */
const REBUILD_LOCK = 727_101;

function caseReport(c: VisibleCase, report: StreamVerificationReport): CaseVerification {
  const { streamId: _streamId, ...rest } = report;
  return { caseId: c.caseId, agency: c.agency, ...rest };
}

@Injectable()
export class IntegrityService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(CaseScope) private readonly scope: CaseScope,
  ) {}

  async verifyCase(visible: VisibleCase): Promise<CaseVerification> {
    const [report] = await verifyStreams(this.dataSource, { streamIds: [visible.caseId] });
    return caseReport(visible, report);
  }

  /** Every case in the caller's scope; `onlyBroken` leaves out the cases that verify. */
  async verifyAll(user: AuthenticatedUser, options: { onlyBroken: boolean }): Promise<VerificationSummary> {
    const cases = await this.scope.visibleCases(user);
    // National scope is every stream: let the verifier scan them without a list of ids.
    const streamIds = user.agency === ALL_AGENCIES ? undefined : cases.map((c) => c.caseId);
    const reports = await verifyStreams(this.dataSource, { streamIds });
    const byId = new Map(reports.map((r) => [r.streamId, r]));
    const results = cases.flatMap((c) => {
      const report = byId.get(c.caseId);
      return report ? [caseReport(c, report)] : [];
    });
    const broken = results.filter((r) => !r.ok);
    return {
      verifiedAt: new Date().toISOString(),
      scope: user.agency,
      casesChecked: results.length,
      eventsChecked: results.reduce((n, r) => n + r.eventsChecked, 0),
      ok: broken.length === 0,
      brokenCases: broken.length,
      results: options.onlyBroken ? broken : results,
    };
  }

  /**
   * Replays every event into fresh copies of the case read models and compares them with the live tables;
   * with `swap` the rebuilt tables replace the live ones. One rebuild at a time (409 otherwise).
   */
  async rebuildReadModels(options: {
    swap: boolean;
  }): Promise<RebuildReport & { startedAt: string; finishedAt: string }> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = (await lock.query(`SELECT pg_try_advisory_lock($1) AS locked`, [
        REBUILD_LOCK,
      ])) as {
        locked: boolean;
      }[];
      if (!locked) {
        throw new ProblemException({
          status: 409,
          code: 'REBUILD_IN_PROGRESS',
          detail: 'A read-model rebuild is already running; retry when it has finished.',
          detailId: 'Pembangunan ulang read model sedang berjalan; coba lagi setelah selesai.',
        });
      }
      try {
        const startedAt = new Date().toISOString();
        const report = await new ProjectionRunner(this.dataSource, this.store).rebuild(
          caseReadModels,
          options,
        );
        return { ...report, startedAt, finishedAt: new Date().toISOString() };
      } finally {
        await lock.query(`SELECT pg_advisory_unlock($1)`, [REBUILD_LOCK]);
      }
    } finally {
      await lock.release();
    }
  }
}
