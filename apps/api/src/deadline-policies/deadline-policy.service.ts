/**
 * Published deadline policy versions (table deadline_policy_version): listed for administrators, supervisors
 * and auditors, published by administrators. Publishing validates the whole policy with the domain's parser
 * (every rule with its length, unit, legal basis and confidence) and is idempotent: the same version with the
 * same content answers with the stored one, the same version with other content is refused.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  isDomainError,
  parseDeadlinePolicy,
} from '@netral/domain';
import { DEADLINE_POLICY_VERSION_TABLE } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../infrastructure';
import { ProblemException } from '../platform';
import { BUNDLED_PUBLISHER, BUNDLED_REASON, policyContentHash } from './deadline-policy.migration';

export interface PublishedPolicy {
  version: string;
  policy: DeadlinePolicy;
  contentHash: string;
  reason: string;
  publishedBy: string;
  publishedAt: string;
}

interface Row {
  version: string;
  policy: unknown;
  content_hash: string;
  reason: string;
  published_by: string;
  published_at: Date;
}

/** A version names itself in letters, digits, dots, dashes and underscores (e.g. 2026.2, 2026.1-koreksi). */
export const POLICY_VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;

const T = DEADLINE_POLICY_VERSION_TABLE;

function published(row: Row): PublishedPolicy {
  return {
    version: row.version,
    policy: parseDeadlinePolicy(row.policy),
    contentHash: row.content_hash,
    reason: row.reason,
    publishedBy: row.published_by,
    publishedAt: row.published_at.toISOString(),
  };
}

/** One published version, or null (also for the case view, which cannot depend on this feature's module). */
export async function findPublishedPolicy(
  db: Pick<DataSource, 'query'>,
  version: string,
): Promise<PublishedPolicy | null> {
  const rows: Row[] = await db.query(`SELECT * FROM ${T} WHERE version = $1`, [version]);
  return rows[0] ? published(rows[0]) : null;
}

export function invalidPolicy(detail: string, detailId: string): ProblemException {
  return new ProblemException({ status: 422, code: 'INVALID_DEADLINE_POLICY', detail, detailId });
}

@Injectable()
export class DeadlinePolicyService implements OnModuleInit {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** A newer release may bundle a version the migration did not seed: it is published at start-up. */
  async onModuleInit(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${T} (version, policy, content_hash, reason, published_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (version) DO NOTHING`,
      [
        DEFAULT_DEADLINE_POLICY.version,
        JSON.stringify(DEFAULT_DEADLINE_POLICY),
        policyContentHash(DEFAULT_DEADLINE_POLICY),
        BUNDLED_REASON,
        BUNDLED_PUBLISHER,
      ],
    );
  }

  async list(): Promise<PublishedPolicy[]> {
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM ${T} ORDER BY published_at, version`);
    return rows.map(published);
  }

  async find(version: string): Promise<PublishedPolicy | null> {
    return findPublishedPolicy(this.dataSource, version);
  }

  /** Validates and stores a version; `created` is false when the same content was already published. */
  async publish(
    raw: unknown,
    reason: string,
    actorId: string,
  ): Promise<{ created: boolean; policy: PublishedPolicy }> {
    let policy: DeadlinePolicy;
    try {
      policy = parseDeadlinePolicy(raw);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const where = String(error.details.where ?? 'policy');
      throw invalidPolicy(error.message, `Kebijakan tenggat tidak valid pada ${where}`);
    }
    if (!POLICY_VERSION_PATTERN.test(policy.version)) {
      throw invalidPolicy(
        `version "${policy.version}" must be 1-40 letters, digits, dots, dashes or underscores`,
        'Versi hanya boleh berisi 1-40 huruf, angka, titik, tanda hubung atau garis bawah',
      );
    }
    const hash = policyContentHash(policy);
    const inserted: Row[] = await this.dataSource.query(
      `INSERT INTO ${T} (version, policy, content_hash, reason, published_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (version) DO NOTHING RETURNING *`,
      [policy.version, JSON.stringify(policy), hash, reason, actorId],
    );
    if (inserted[0]) return { created: true, policy: published(inserted[0]) };
    const existing = await this.find(policy.version);
    if (existing && existing.contentHash === hash) return { created: false, policy: existing };
    throw new ProblemException({
      status: 409,
      code: 'POLICY_VERSION_TAKEN',
      detail: `Deadline policy ${policy.version} is already published with other content: publish a new version.`,
      detailId: `Kebijakan tenggat ${policy.version} sudah diterbitkan dengan isi lain: terbitkan versi baru.`,
    });
  }
}
