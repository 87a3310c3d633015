/**
 * How a refused command answers over HTTP. The workflow refuses with an ApplicationFailure whose `type` is
 * the DomainError code and whose details[0] is the DomainError JSON (English message, Indonesian messageId).
 *
 * - 409 Conflict: the case is not in a state that allows the command (wrong stage, already done, too early).
 * - 422 Unprocessable Content: the command is well-formed but breaks a rule of the law or the catalogues.
 * - 403: the domain's access rules (only the assigned officer acts on a case).
 * - 404: the case is not registered (or belongs to another agency).
 * - 412: `If-Match` named another version.
 * - 422 EVENT_STORE_REFUSED: the database refused the command's events for good (see storeRefusal).
 */
import { DOMAIN_ERROR_MESSAGES, type DomainErrorCode, type DomainErrorJson } from '@netral/domain';
import { EVENT_STORE_REFUSED, VERSION_MISMATCH } from '@netral/workflows';
import { DomainProblem, notFoundProblem, ProblemException } from '../../platform';

type RefusalStatus = 403 | 404 | 409 | 422 | 500;

/** Every domain code has a status: adding a code to the domain without deciding its status fails to compile. */
export const STATUS_BY_DOMAIN_CODE: Record<DomainErrorCode, RefusalStatus> = {
  INVALID_COMMAND: 422,
  UNKNOWN_COMMAND: 422,
  ROLE_NOT_ALLOWED: 403,
  WRONG_AGENCY: 404,
  NOT_ASSIGNED_OFFICER: 403,
  INVALID_DATE: 422,
  FUTURE_DATE: 422,
  FACT_BEFORE_DEPENDENCY: 422,
  FACT_OUTSIDE_HORIZON: 422,
  CASE_ALREADY_REGISTERED: 409,
  CASE_NOT_REGISTERED: 404,
  CASE_CLOSED: 409,
  CASE_NOT_CLOSED: 409,
  WRONG_STAGE: 409,
  CANNOT_WITHDRAW_AFTER_DECISION: 409,
  UNKNOWN_VIOLATION_TYPE: 422,
  UNKNOWN_SANCTION: 422,
  WRONG_SUPERVISORY_BODY: 422,
  SUMMONS_OUT_OF_ORDER: 409,
  SUMMONS_NOTICE_TOO_SHORT: 422,
  ATTENDANCE_OUT_OF_ORDER: 409,
  BAP_REQUIRES_ATTENDANCE: 409,
  REFUSAL_NOTE_REQUIRED: 422,
  TIM_PEMERIKSA_ALREADY_FORMED: 409,
  DECISION_WITHOUT_EXAMINATION: 409,
  TIM_PEMERIKSA_REQUIRED: 422,
  SANCTION_NOT_ALLOWED_FOR_VIOLATION: 422,
  SANCTION_TRACK_MISMATCH: 422,
  INVALID_SANCTION_PERIOD: 422,
  SANCTION_NOT_APPLICABLE_TO_EMPLOYEE_TYPE: 422,
  DECIDING_OFFICIAL_NOT_AUTHORISED: 422,
  SANCTION_NOT_FOR_PAY_SCHEME: 422,
  MORAL_SANCTION_COMBINATION_NOT_ALLOWED: 422,
  PARTY_MEMBERSHIP_TRACK_NOT_APPLICABLE: 422,
  UNKNOWN_VIOLATION_READING: 422,
  WRONG_OBJECTION_ROUTE: 422,
  LATE_OBJECTION: 422,
  OBJECTION_NOT_LATE: 422,
  OBJECTION_NOT_AVAILABLE: 409,
  INVALID_OBJECTION_OUTCOME: 422,
  OBJECTION_WINDOW_OPEN: 409,
  SANCTION_PERIOD_NOT_ENDED: 409,
  DEADLINE_NOT_OPEN: 409,
  DEADLINE_ALREADY_RECORDED: 409,
  DEADLINE_ALREADY_UNTRACKED: 409,
  UNKNOWN_POLICY_VERSION: 422,
  DEADLINE_POLICY_UNCHANGED: 409,
  INVALID_DEADLINE_POLICY: 422,
  POLICY_VERSION_TAKEN: 409,
  DEADLINE_NOT_RECORDED: 409,
  CALENDAR_NOT_COVERED: 422,
  NOT_SUBJECT_TO_PP94: 409,
  SUBJECT_TO_PP94: 409,
  CRIMINAL_REFERRAL_NOT_FOUND: 422,
  CRIMINAL_REFERRAL_CONCLUDED: 409,
  TIM_MEMBER_RANK_BELOW_ASN: 422,
  SUPERIOR_CASE_NOT_OFFERED: 409,
  UNKNOWN_FACT: 422,
  // Catalogue or policy data the server holds is broken: not the caller's fault.
  INVALID_DATA: 500,
};

function isDomainCode(code: string): code is DomainErrorCode {
  return Object.prototype.hasOwnProperty.call(STATUS_BY_DOMAIN_CODE, code);
}

function isDomainErrorJson(value: unknown): value is DomainErrorJson {
  const v = value as Partial<DomainErrorJson> | null;
  return !!v && v.name === 'DomainError' && typeof v.code === 'string' && typeof v.message === 'string';
}

/**
 * The problem for a refusal of type `code` (an ApplicationFailure type) with its failure details, or
 * undefined when the code is not a refusal (a technical failure the caller should treat as a 500).
 */
export function refusalProblem(
  code: string | undefined | null,
  message: string,
  details: readonly unknown[] | undefined,
): ProblemException | undefined {
  if (code === VERSION_MISMATCH) {
    const versions = (details?.[0] ?? {}) as { currentVersion?: number };
    return new DomainProblem({
      status: 412,
      code: 'VERSION_MISMATCH',
      detail: `The case changed since you read it (${message}); read it again and retry.`,
      detailId: 'Kasus telah berubah sejak Anda membacanya; muat ulang lalu coba lagi.',
      extensions: versions.currentVersion !== undefined ? { currentVersion: versions.currentVersion } : {},
    });
  }
  if (code === EVENT_STORE_REFUSED) return storeRefusal();
  if (!code || !isDomainCode(code)) return undefined;
  const status = STATUS_BY_DOMAIN_CODE[code];
  if (status === 404) return notFoundProblem('case');
  if (status === 500) return undefined;
  const json = details?.find(isDomainErrorJson);
  const base = DOMAIN_ERROR_MESSAGES[code];
  const detail = json?.message ?? (message || base.en);
  const detailId = json?.messageId ?? base.id;
  const domainDetails = json?.details && Object.keys(json.details).length > 0 ? json.details : undefined;
  if (status === 403) {
    return new ProblemException({
      status: 403,
      code,
      detail,
      detailId,
      ...(domainDetails ? { extensions: { domainDetails } } : {}),
    });
  }
  return new DomainProblem({
    status,
    code,
    detail,
    detailId,
    ...(domainDetails ? { extensions: { domainDetails } } : {}),
  });
}

/**
 * The database refused the command's events for good (EVENT_STORE_REFUSED: text PostgreSQL cannot store, a
 * constraint, a size limit): nothing was recorded and the case takes later commands. 422, not 500: the same
 * request would fail the same way, so it must not be retried as it is. What PostgreSQL said stays in the
 * worker's log and the workflow history, not in the answer.
 */
function storeRefusal(): ProblemException {
  return new DomainProblem({
    status: 422,
    code: EVENT_STORE_REFUSED,
    detail:
      'The case could not store this command: its content was refused by the event store. Nothing was ' +
      'recorded and the case is unchanged; change the content (or ask an administrator) before sending it again.',
    detailId:
      'Kasus tidak dapat menyimpan perintah ini: isinya ditolak oleh penyimpanan peristiwa. Tidak ada yang ' +
      'dicatat dan kasus tidak berubah; ubah isinya (atau hubungi administrator) sebelum mengirimnya lagi.',
  });
}
