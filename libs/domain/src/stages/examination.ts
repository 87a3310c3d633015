// Examination (Lifecycle 4, PP 94/2021): Tim Pemeriksa, summons I and II with 7 working days notice,
// attendance, BAP.
import { getRule } from '../deadlines/policy';
import { DomainError } from '../errors';
import { addWorkingDays, formatTanggal } from '../time';
import { GRADES, REQUIRED_TIM_PEMERIKSA_ROLES, TIM_PEMERIKSA_ROLES, gradeBelow } from '../case/vocabulary';
import { event } from '../case/events';
import { type Handlers, today, pastDate, notBefore, calendarFor, dependsOn } from './shared';

export const examinationHandlers: Handlers<
  'FormTimPemeriksa' | 'IssueSummons' | 'RecordAttendance' | 'RecordBap'
> = {
  FormTimPemeriksa(input, state, context) {
    const members = input.list('members', { nonEmpty: true }).map((m) => ({
      name: m.str('name'),
      role: m.oneOf('role', TIM_PEMERIKSA_ROLES),
      ...(m.has('grade') ? { grade: m.oneOf('grade', GRADES) } : {}),
    }));
    checkMemberRanks(members, state.reportedAsn?.grade);
    // Atasan langsung, an oversight member (Inspektorat) and a personnel member (BKPSDM) [S].
    const missing = REQUIRED_TIM_PEMERIKSA_ROLES.filter((role) => !members.some((m) => m.role === role));
    if (missing.length > 0) {
      throw new DomainError('INVALID_COMMAND', `Tim Pemeriksa lacks ${missing.join(', ')}`, {
        field: 'members',
      });
    }
    // The team is formed for the procedure the PPK chose: not before the follow-up letter (or, formed ahead
    // of it, not before the LHP that asked for it).
    const decreeDate = pastDate(input, 'decreeDate', state, context);
    if (state.followUp) dependsOn(decreeDate, state.followUp.letterDate, 'decreeDate', 'followUp', context);
    else dependsOn(decreeDate, state.clarification?.concludedOn, 'decreeDate', 'lhp', context);
    return [
      event('TimPemeriksaFormed', {
        decreeNumber: input.str('decreeNumber'),
        decreeDate,
        members,
        at: context.now,
      }),
    ];
  },

  IssueSummons(input, state, context) {
    const exam = state.examination;
    const sequence = input.oneOf('sequence', [1, 2] as const);
    const lastHearing = exam.hearings[exam.hearings.length - 1];
    const firstMissed = lastHearing && lastHearing.sequence === 1 && !lastHearing.attended;
    if (sequence === 1 ? exam.summonses.length !== 0 : !(exam.summonses.length === 1 && firstMissed)) {
      throw new DomainError(
        'SUMMONS_OUT_OF_ORDER',
        sequence === 1 ? 'summons I was already issued' : 'summons II follows a missed hearing on summons I',
      );
    }
    const issuedOn = pastDate(input, 'issuedOn', state, context);
    const deliveredOn = pastDate(input, 'deliveredOn', state, context);
    notBefore(deliveredOn, issuedOn, 'deliveredOn', 'issuedOn');
    // Summons I follows the clarification that found a case; summons II is due after the missed hearing
    // (PP 94/2021: within 7 working days of it), so neither predates what it answers.
    if (sequence === 1) {
      dependsOn(issuedOn, state.clarification?.startedOn, 'issuedOn', 'clarificationStart', context);
    } else {
      dependsOn(issuedOn, lastHearing?.hearingDate, 'issuedOn', 'missedFirstHearing', context);
    }
    const hearingDate = input.date('hearingDate');
    if (hearingDate <= deliveredOn) {
      throw new DomainError(
        'SUMMONS_NOTICE_TOO_SHORT',
        `hearing ${hearingDate} is not after delivery ${deliveredOn}`,
        { field: 'hearingDate', hearingDate, deliveredOn },
        `pemeriksaan ${formatTanggal(hearingDate)} tidak sesudah panggilan diterima ${formatTanggal(deliveredOn)}`,
      );
    }
    // The summons must reach the ASN at least 7 working days before the hearing (PP 94/2021).
    const notice = context.policy.parameters.summonsMinimumNoticeWorkingDays;
    const calendar = calendarFor(context, state, deliveredOn, hearingDate);
    const latestDelivery = addWorkingDays(calendar, hearingDate, -notice);
    if (deliveredOn > latestDelivery) {
      throw new DomainError(
        'SUMMONS_NOTICE_TOO_SHORT',
        `delivered ${deliveredOn}, hearing ${hearingDate}: deliver by ${latestDelivery} (${notice} working days, calendar ${calendar.version})`,
        { latestDelivery, calendarVersion: calendar.version },
        `diterima ${formatTanggal(deliveredOn)}, pemeriksaan ${formatTanggal(hearingDate)}: paling lambat diterima ${formatTanggal(latestDelivery)} (${notice} hari kerja, kalender ${calendar.version})`,
      );
    }
    // Summons II is due within 7 working days of the missed hearing; lateness is recorded, not refused.
    let late = false;
    if (sequence === 2 && lastHearing) {
      const recorded = state.deadlines[`second_summons@${lastHearing.version}`];
      const length = getRule(context.policy, 'second_summons').length ?? 0;
      const due =
        recorded?.dueDate ??
        addWorkingDays(
          calendarFor(context, state, lastHearing.hearingDate, issuedOn),
          lastHearing.hearingDate,
          length,
        );
      late = issuedOn > due;
    }
    return [
      event('SummonsIssued', {
        sequence,
        letterNumber: input.str('letterNumber'),
        issuedOn,
        deliveredOn,
        deliveryProofRef: input.str('deliveryProofRef'),
        hearingDate,
        noticeCheckedWith: calendar.version,
        late,
        at: context.now,
      }),
    ];
  },

  RecordAttendance(input, state, context) {
    const exam = state.examination;
    const sequence = input.oneOf('sequence', [1, 2] as const);
    const summons = exam.summonses[exam.summonses.length - 1];
    if (!summons || summons.sequence !== sequence || exam.hearings.some((h) => h.sequence === sequence)) {
      throw new DomainError('ATTENDANCE_OUT_OF_ORDER', `no open hearing for summons ${sequence}`);
    }
    if (summons.hearingDate > today(state, context)) {
      throw new DomainError('FUTURE_DATE', `the hearing is on ${summons.hearingDate}`, { field: 'sequence' });
    }
    return [
      event('AttendanceRecorded', {
        sequence,
        hearingDate: summons.hearingDate,
        attended: input.bool('attended'),
        at: context.now,
      }),
    ];
  },

  RecordBap(input, state, context) {
    const hearing = state.examination.hearings.find((h) => h.attended);
    if (!hearing) throw new DomainError('BAP_REQUIRES_ATTENDANCE');
    const signedOn = pastDate(input, 'signedOn', state, context);
    notBefore(signedOn, hearing.hearingDate, 'signedOn', 'hearing');
    const asnSigned = input.bool('asnSigned');
    const refusalNote = input.optStr('refusalNote');
    // A refusal to sign does not stop the procedure, but it must be written down.
    if (!asnSigned && !refusalNote) throw new DomainError('REFUSAL_NOTE_REQUIRED');
    return [
      event('BapRecorded', {
        number: input.str('number'),
        signedOn,
        asnSigned,
        refusalNote: asnSigned ? null : refusalNote,
        at: context.now,
      }),
    ];
  },
};

/**
 * Tim Pemeriksa members may not rank below the examined ASN (PP 94/2021 [S]; domain.md). With the ASN's grade
 * known every member states one; grades on different scales (PNS vs PPPK golongan) are not compared [I].
 */
function checkMemberRanks(members: { name: string; grade?: string }[], asnGrade: string | undefined): void {
  if (!asnGrade) return;
  members.forEach((member, i) => {
    if (!member.grade) {
      throw new DomainError('INVALID_COMMAND', `members[${i}].grade is required: the ASN is ${asnGrade}`, {
        field: `members[${i}].grade`,
      });
    }
    if (gradeBelow(member.grade, asnGrade)) {
      throw new DomainError(
        'TIM_MEMBER_RANK_BELOW_ASN',
        `${member.name} (${member.grade}) is below the ASN (${asnGrade})`,
        { member: member.name, memberGrade: member.grade, asnGrade },
        `${member.name} (${member.grade}) lebih rendah dari ASN yang diperiksa (${asnGrade})`,
      );
    }
  });
}
