/**
 * The deadline policy a case runs, for describing its deadlines: the version of its last audited migration,
 * else the version its recorded deadlines were planned under (the one it started with), else the bundled one.
 * Published versions never change (deadline_policy_version refuses other content under a taken version), so
 * each is read from PostgreSQL once per API instance.
 */
import { Inject, Injectable } from '@nestjs/common';
import { type CaseState, DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from '@netral/domain';
import type { DataSource } from 'typeorm';
import { findPublishedPolicy } from '../../deadline-policies/deadline-policy.service';
import { DATA_SOURCE } from '../../infrastructure';

/** The version a case's deadlines follow (see the file comment). */
export function policyVersionOf(state: CaseState): string {
  if (state.policyVersion) return state.policyVersion;
  const recorded = Object.values(state.deadlines).sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  return recorded[0]?.policyVersion ?? DEFAULT_DEADLINE_POLICY.version;
}

@Injectable()
export class CasePolicies {
  private readonly published = new Map<string, DeadlinePolicy>();

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The policy of `policyVersionOf(state)`; the bundled one when that version was never published here. */
  async policyOf(state: CaseState): Promise<DeadlinePolicy> {
    const version = policyVersionOf(state);
    if (version === DEFAULT_DEADLINE_POLICY.version) return DEFAULT_DEADLINE_POLICY;
    const known = this.published.get(version);
    if (known) return known;
    const found = await findPublishedPolicy(this.dataSource, version);
    if (!found) return DEFAULT_DEADLINE_POLICY;
    this.published.set(version, found.policy);
    return found.policy;
  }
}
