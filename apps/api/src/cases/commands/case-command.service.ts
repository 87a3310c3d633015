/**
 * Runs officer commands on the case workflow: each HTTP command becomes one `caseCommand` update with the
 * caller as actor, the Idempotency-Key (with its request's digest) as update id (a retry returns the first
 * outcome and records nothing new; IdempotencyInterceptor answers most retries before they get here), the request's correlation id for the events' metadata and, with If-Match, the expected version
 * (checked by the workflow atomically with the command). Refusals become problem documents.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type Client,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import {
  type Actor,
  type CaseCommand,
  type CaseCommandType,
  type CaseState,
  mayReadConfidential,
  redactState,
} from '@netral/domain';
import {
  CaseAlreadyExistsError,
  CaseCommandRefusedError,
  caseConfigSource,
  registerCase,
  sendCaseCommand,
  type CaseCommandRequest,
} from '@netral/workflows';
import { ViolationReadingService } from '../../catalogues/violation-reading.service';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE, TEMPORAL_CLIENT, TEMPORAL_SETTINGS, type TemporalSettings } from '../../infrastructure';
import {
  ALL_AGENCIES,
  type AuthenticatedUser,
  assertAgencyAccess,
  forbiddenProblem,
  MetricsService,
  notFoundProblem,
  DomainProblem,
  ProblemException,
  RequestContext,
} from '../../platform';
import { CaseAgencies } from './case-agencies';
import { commandDataOf } from './command-routes';
import { refusalProblem } from './domain-problems';

/** How long a command may wait for the workflow before the caller is told to retry (same key). */
const COMMAND_TIMEOUT_MS = 30_000;

export interface CommandOptions {
  /** Idempotency-Key header, already validated. */
  idempotencyKey?: string;
  /** Digest of the request the key is bound to (IdempotencyInterceptor). */
  requestDigest?: string;
  /**
   * Settles when the key's claim does (IdempotencyInterceptor): resolves when this request may run, rejects
   * when it must not (a replay, a key of another request, still busy, or the claim failed). The command is
   * prepared meanwhile and sent to the workflow only after it resolves.
   */
  claimed?: Promise<void>;
  /** Version from If-Match, already parsed. */
  expectedVersion?: number;
  /** Versions from an If-Match list; [] when it named none of ours (weak tags never match). */
  expectedVersions?: number[];
}

export interface CommandResult {
  caseId: string;
  /** The case after the command, redacted for the caller. */
  state: CaseState;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/**
 * A new case id, `NTR-` + 12 Crockford base-32 characters. With an Idempotency-Key it is derived from the
 * caller and the key, so a retried registration names the same case instead of opening a second one.
 */
export function newCaseId(user: AuthenticatedUser, idempotencyKey?: string): string {
  const bytes = idempotencyKey
    ? createHash('sha256').update(`${user.agency}\n${user.id}\n${idempotencyKey}`).digest()
    : createHash('sha256').update(randomUUID()).digest();
  return `NTR-${base32(bytes, 12)}`;
}

/**
 * The workflow update id: the key and the digest of the request it is bound to, so that a retry is
 * deduplicated by the workflow too, while another request under a key freed by a refusal (see
 * IdempotencyStore) can never be answered with the refused one's outcome.
 */
function updateIdOf(options: CommandOptions): string {
  if (!options.idempotencyKey) return randomUUID();
  return options.requestDigest
    ? `${options.idempotencyKey}:${options.requestDigest.slice(0, 16)}`
    : options.idempotencyKey;
}

/** If-Match named no version of ours: only weak or foreign tags, which never match (RFC 9110 §13.1.1). */
function unmatchableIfMatch(): DomainProblem {
  return new DomainProblem({
    status: 412,
    code: 'VERSION_MISMATCH',
    detail:
      'If-Match names no current version of the case: weak tags (W/"12") never match, since If-Match ' +
      'compares strongly (RFC 9110 §13.1.1). Send the ETag exactly as received, e.g. "12".',
    detailId:
      'If-Match tidak menyebut versi kasus saat ini: tag lemah (W/"12") tidak pernah cocok karena If-Match ' +
      'dibandingkan secara kuat (RFC 9110 §13.1.1). Kirim ETag persis seperti yang diterima, mis. "12".',
  });
}

function unavailable(): ProblemException {
  return new ProblemException({
    status: 503,
    code: 'WORKFLOW_UNAVAILABLE',
    detail: 'The case workflow did not answer in time; retry with the same Idempotency-Key.',
    detailId: 'Alur kerja kasus tidak menjawab tepat waktu; ulangi dengan Idempotency-Key yang sama.',
    headers: { 'Retry-After': '5' },
  });
}

@Injectable()
export class CaseCommandService {
  /** The catalogues, deadline policy and calendar in force, given to each new case at its start. */
  private readonly config = caseConfigSource();
  private readonly agencies: CaseAgencies;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly temporal: TemporalSettings,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(ViolationReadingService) private readonly readings: ViolationReadingService,
  ) {
    this.agencies = new CaseAgencies(dataSource);
  }

  /** POST /cases: a new workflow and its RegisterReport. */
  async register(user: AuthenticatedUser, body: object, options: CommandOptions): Promise<CommandResult> {
    if (user.agency === ALL_AGENCIES) {
      throw forbiddenProblem(
        'A case is registered by its agency: use a token of that agency, not the national scope.',
        'Kasus diregistrasi oleh instansinya: gunakan token instansi tersebut, bukan lingkup nasional.',
      );
    }
    const caseId = newCaseId(user, options.idempotencyKey);
    const { data, reason } = commandDataOf('RegisterReport', body);
    const command = { type: 'RegisterReport', data: { ...data, caseId } } as CaseCommand;
    const actor: Actor = { id: user.id, role: user.role, agency: user.agency };
    // Update-with-start: the workflow and its registration in one request, decided before anything is
    // stored (a refused registration starts no workflow). The key names both the case and the update.
    const request = this.request(command, actor, options, reason);
    const updateId = updateIdOf(options);
    // The agency's SKB 2022 reading in force now travels in the case's configuration and is recorded on
    // CaseRegistered, so a later choice never changes this case or its replay.
    const config = { ...this.config(), violationReading: await this.readings.inForce(user.agency) };
    await options.claimed;
    const state = await this.run('RegisterReport', () =>
      this.client.withDeadline(Date.now() + COMMAND_TIMEOUT_MS, () =>
        registerCase(this.client, {
          caseId,
          request,
          updateId,
          config,
          taskQueue: this.temporal.taskQueue,
        }),
      ),
    );
    this.agencies.remember(caseId, user.agency);
    return { caseId, state: this.forCaller(user, state) };
  }

  /** Any other officer command on an existing case of the caller's agency. */
  async execute(
    user: AuthenticatedUser,
    caseId: string,
    type: CaseCommandType,
    body: object,
    options: CommandOptions,
  ): Promise<CommandResult> {
    const agency = await this.agencies.of(caseId);
    if (agency === undefined) {
      this.metrics.recordCommand(type, 'rejected');
      throw notFoundProblem('case');
    }
    try {
      assertAgencyAccess(user, agency);
    } catch (error) {
      this.metrics.recordCommand(type, 'rejected');
      throw error;
    }
    if (options.expectedVersions?.length === 0) {
      this.metrics.recordCommand(type, 'rejected');
      throw unmatchableIfMatch();
    }
    const { data, reason } = commandDataOf(type, body);
    // A national admin acts within the case's agency (the domain checks actor and case agree).
    const actor: Actor = {
      id: user.id,
      role: user.role,
      agency: user.agency === ALL_AGENCIES ? agency : user.agency,
    };
    await options.claimed;
    const state = await this.run(type, () =>
      this.update(caseId, { type, data } as CaseCommand, actor, options, reason),
    );
    return { caseId, state: this.forCaller(user, state) };
  }

  private forCaller(user: AuthenticatedUser, state: CaseState): CaseState {
    return mayReadConfidential(user.role) ? state : redactState(state);
  }

  private request(
    command: CaseCommand,
    actor: Actor,
    options: CommandOptions,
    reason: string | undefined,
  ): CaseCommandRequest {
    const context = RequestContext.current();
    return {
      command,
      actor,
      // The correlation id (default: the request id) follows the command into the events' metadata.
      ...(context ? { requestId: context.correlationId } : {}),
      ...(reason ? { reason } : {}),
      ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
      ...(options.expectedVersions !== undefined ? { expectedVersions: options.expectedVersions } : {}),
    };
  }

  private update(
    caseId: string,
    command: CaseCommand,
    actor: Actor,
    options: CommandOptions,
    reason: string | undefined,
  ): Promise<CaseState> {
    const request = this.request(command, actor, options, reason);
    return this.client.withDeadline(Date.now() + COMMAND_TIMEOUT_MS, () =>
      sendCaseCommand(this.client, { caseId, request, updateId: updateIdOf(options) }),
    );
  }

  /** Runs the call, counts the outcome and turns Temporal failures into problems. */
  private async run(type: CaseCommandType, call: () => Promise<CaseState>): Promise<CaseState> {
    try {
      const state = await call();
      this.metrics.recordCommand(type, 'accepted');
      return state;
    } catch (error) {
      const problem = this.problemFor(error);
      this.metrics.recordCommand(type, problem && problem.getStatus() < 500 ? 'rejected' : 'failed');
      throw problem ?? error;
    }
  }

  private problemFor(error: unknown): ProblemException | undefined {
    if (error instanceof ProblemException) return error;
    if (error instanceof CaseCommandRefusedError) {
      return refusalProblem(error.code, error.message, error.domainError ? [error.domainError] : undefined);
    }
    if (error instanceof CaseAlreadyExistsError) {
      return new DomainProblem({
        status: 409,
        code: 'CASE_ALREADY_EXISTS',
        detail: 'A case with this id already exists; register with a new Idempotency-Key.',
        detailId: 'Kasus dengan id ini sudah ada; registrasi dengan Idempotency-Key baru.',
      });
    }
    if (error instanceof WorkflowNotFoundError) return notFoundProblem('case');
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || error instanceof ServiceError) {
      return unavailable();
    }
    return undefined;
  }
}
