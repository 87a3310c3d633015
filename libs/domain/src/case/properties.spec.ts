// Property-based tests over generated command sequences. A guided generator proposes, at each step, commands
// that make sense for the current stage with random (often wrong) parameters: random sanctions, periods,
// dates, roles. Refused commands are skipped; the accepted events are what the properties are about.
import fc from 'fast-check';
import { DEFAULT_CATALOGUES, allowedSanctionsFor, isSanctionAllowed } from '../catalogue';
import { DEFAULT_DEADLINE_POLICY, computeDueDate, openDeadlines } from '../deadlines';
import { isDomainError } from '../errors';
import {
  ADMIN,
  AUDITOR,
  FULL_TIM,
  OFFICER,
  OTHER_OFFICER,
  PPK,
  SUPERVISOR,
  SYSTEM,
  cmd,
  contextFor,
} from '../testing/fixtures';
import {
  type WorkingCalendar,
  addDays,
  createWorkingCalendar,
  fromEpochMs,
  localDateOf,
  toEpochMs,
} from '../time';
import { type Actor, type CaseCommand, COMMAND_TYPES } from './commands';
import { decide } from './decide';
import { type CaseEvent, evolve, replay } from './events';
import { allowedCommands } from './stage-table';
import { type CaseState, initialState } from './state';

// A wide calendar (weekends plus Indonesian-style holidays every year) so long sequences stay covered.
const CALENDAR: WorkingCalendar = createWorkingCalendar({
  version: 'property-calendar',
  coveredFrom: '2024-01-01',
  coveredTo: '2040-12-31',
  nonWorkingDays: Array.from({ length: 17 }, (_, i) => 2024 + i).flatMap((year) =>
    ['01-01', '05-01', '06-01', '08-17', '12-25', '12-26'].map((md) => ({
      date: `${year}-${md}`,
      name: 'holiday',
      kind: 'national_holiday' as const,
      source: 'property',
    })),
  ),
});

const SANCTION_CODES = DEFAULT_CATALOGUES.sanctions.sanctions.map((s) => s.code);
const VIOLATION_CODES = DEFAULT_CATALOGUES.violations.violations.map((v) => v.code);
const PERIODS = [null, 6, 9, 12, 7] as const;
const OUTCOMES = ['upheld', 'lightened', 'increased', 'changed', 'annulled'] as const;
const LEVELS = ['ringan', 'sedang', 'berat', 'moral', 'ptdh'] as const;

interface Seed {
  pick: number;
  a: number;
  b: number;
  days: number;
}

type Candidate = { command: CaseCommand; actor: Actor };

/**
 * Commands worth trying in this state, parameterised by the seed: `progress` are the natural next steps (with
 * random, often wrong parameters), `other` are detours (withdrawal, closing, departures, deadlines).
 */
function candidates(
  state: CaseState,
  seed: Seed,
  today: string,
  allowDepartures: boolean,
): { progress: Candidate[]; other: Candidate[] } {
  const { a, b } = seed;
  const sanction = SANCTION_CODES[a % SANCTION_CODES.length];
  const period = PERIODS[b % PERIODS.length];
  const back = (n: number) => addDays(today, -(n % 3));
  const progress: Candidate[] = [];
  const other: Candidate[] = [];
  const go = (command: CaseCommand, actor: Actor) => progress.push({ command, actor });
  const detour = (command: CaseCommand, actor: Actor) => other.push({ command, actor });
  switch (state.stage) {
    case 'none': {
      const employeeType = (['PNS', 'PNS', 'CPNS', 'PPPK', 'NON_ASN', 'PPPK_PARUH_WAKTU'] as const)[b % 6];
      const asn = (cmd.register().data as { reportedAsn: object }).reportedAsn;
      go(
        cmd.register({
          violationType: VIOLATION_CODES[a % VIOLATION_CODES.length],
          source: { kind: 'public_report', receivedOn: back(a) },
          reportedAsn: {
            ...asn,
            employeeType,
            nip: employeeType === 'NON_ASN' ? null : '198001012005011001',
          } as never,
        }),
        OFFICER,
      );
      break;
    }
    case 'intake':
      go(cmd.assign(), SUPERVISOR);
      detour(cmd.recommendation(b % 3 === 0 ? 'bawaslu' : 'BKN', back(b)), OFFICER);
      break;
    case 'clarification': {
      // Facts without a letter date carry the day they happened, sometimes a few days back (occurredOn), and
      // sometimes none (then the recording day stands in, flagged occurredOnDefaulted).
      const occurred = (c: CaseCommand) =>
        (a + b) % 4 === 0 ? c : ({ ...c, data: { ...c.data, occurredOn: back(a + b) } } as CaseCommand);
      if (!state.clarification) go(occurred(cmd.startClarification()), OFFICER);
      else go(occurred(cmd.clarifyProceed(LEVELS[a % LEVELS.length], b % 5 !== 0)), OFFICER);
      detour(occurred(cmd.clarifyNotProven()), OFFICER);
      detour(cmd.recommendation(b % 3 === 0 ? 'bawaslu' : 'BKN', back(b)), OFFICER);
      detour(cmd.followUp(b % 2 ? 'examination' : 'majelis_kode_etik'), PPK);
      break;
    }
    case 'follow_up':
      go(cmd.followUp((['examination', 'majelis_kode_etik', 'examination'] as const)[a % 3]), PPK);
      if (!state.examination.timPemeriksa) go(cmd.formTim(), PPK);
      // PTDH for party membership: its own track, straight to the decision (refused for other violations).
      detour(
        {
          type: 'RecordPpkFollowUp',
          data: {
            action: 'ptdh_partai',
            letterNumber: 'PPK/TL/09/2025',
            letterDate: today,
            membershipProofRef: 'KTA-PARTAI/0042',
          },
        } as CaseCommand,
        PPK,
      );
      detour(cmd.followUp('not_proven', 'tidak terbukti'), PPK);
      break;
    case 'examination': {
      const exam = state.examination;
      const last = exam.hearings[exam.hearings.length - 1];
      if (!exam.timPemeriksa && a % 3 === 0) go(cmd.formTim(a % 4 === 0 ? FULL_TIM.slice(1) : FULL_TIM), PPK);
      if (exam.summonses.length > exam.hearings.length) {
        go(cmd.attendance(exam.summonses.length as 1 | 2, b % 3 !== 0), OFFICER);
      } else if (last?.attended) {
        go(cmd.bap(today, b % 4 !== 0, b % 8 === 0 ? undefined : 'menolak'), OFFICER);
      } else {
        go(
          cmd.summons((exam.summonses.length === 0 ? 1 : 2) as 1 | 2, today, addDays(today, 8 + (a % 12))),
          OFFICER,
        );
      }
      detour(cmd.decide(sanction, period), PPK);
      break;
    }
    case 'ethics_hearing':
      if (!state.ethics.majelis) go(cmd.convene(), PPK);
      else go(cmd.majelis(b % 4 !== 0, a % 2 ? 'PERNYATAAN_TERBUKA' : sanction), OFFICER);
      break;
    case 'decision': {
      // Half of the time a sanction the catalogue allows, with a valid period; otherwise anything.
      const allowed = allowedSanctionsFor(DEFAULT_CATALOGUES, state.violationType ?? '');
      const fitting = allowed[a % allowed.length];
      if (fitting && b % 2 === 0) {
        go(
          cmd.decide(fitting.code, fitting.periodMonths[a % (fitting.periodMonths.length || 1)] ?? null),
          PPK,
        );
      }
      go(cmd.decide(sanction, period, b % 5 === 0 ? 'delegated' : 'ppk'), PPK);
      if (fitting) {
        // A moral sanction beside the disciplinary one (PP 42/2004 Ps 16), often not allowed.
        const beside = cmd.decide(fitting.code, fitting.periodMonths[0] ?? null);
        const moral = (['PERNYATAAN_TERTUTUP', 'TEGURAN_LISAN', 'PERNYATAAN_TERBUKA'] as const)[b % 3];
        detour({ ...beside, data: { ...beside.data, moralSanctionCode: moral } } as CaseCommand, PPK);
      }
      if (allowDepartures) {
        // Approve a departure, then try to use it.
        go(cmd.approveDeparture(sanction), SUPERVISOR);
        for (const approval of state.departureApprovals) {
          const approved = DEFAULT_CATALOGUES.sanctions.sanctions.find(
            (x) => x.code === approval.sanctionCode,
          )!;
          go(
            cmd.decide(approved.code, approved.periodMonths[b % (approved.periodMonths.length || 1)] ?? null),
            PPK,
          );
        }
      }
      break;
    }
    case 'delivery':
      go(cmd.deliver(today), OFFICER);
      break;
    case 'objection_window':
      go(cmd.inForce(), SYSTEM);
      go(cmd.object(today, b % 3 === 0 ? 'banding' : undefined), OFFICER);
      detour(cmd.lateObjection(today), OFFICER);
      break;
    case 'objection':
      go(cmd.outcome(OUTCOMES[b % OUTCOMES.length], today, sanction, period), OFFICER);
      detour(cmd.appealAnswer(today), PPK);
      if (allowDepartures) detour(cmd.approveDeparture(sanction), SUPERVISOR);
      break;
    case 'in_force':
      go(cmd.periodServed(), SYSTEM);
      break;
    case 'closed':
      go(cmd.reopen(), SUPERVISOR);
      break;
  }
  detour(cmd.withdraw(), SUPERVISOR);
  detour(cmd.close(), PPK);
  // The routes beside the procedure: forwarding (non-ASN / BUMD only), the Gakkumdu referral and its outcome.
  detour(
    {
      type: 'ForwardToEmployer',
      data: { employer: 'Direksi BUMD', letterNumber: 'FWD/1', letterDate: back(a) },
    },
    OFFICER,
  );
  detour(
    {
      type: 'RecordCriminalReferral',
      data: { reference: `G-${b % 3}`, referredOn: back(b), offence: 'UU 7/2017 Ps 494' },
    },
    OFFICER,
  );
  const pending = (state.criminalReferrals ?? []).find((r) => r.outcome === null);
  detour(
    {
      type: 'RecordCriminalReferralOutcome',
      data: {
        reference: pending?.reference ?? 'G-0',
        outcome: 'convicted',
        decidedOn: back(a),
        decisionRef: 'PUT/1',
      },
    },
    OFFICER,
  );
  // The workflow's part: record the open deadlines' due dates.
  for (const deadline of openDeadlines(state, DEFAULT_DEADLINE_POLICY)) {
    if (!deadline.recorded) {
      const due = computeDueDate(deadline.anchor, deadline, CALENDAR);
      detour(cmd.recordDeadline(deadline.deadlineId, due.dueDate, CALENDAR.version), SYSTEM);
    }
  }
  // The fixtures' letters carry fixed 2025 dates; here every letter is dated on the day it is recorded, so the
  // time rules (nothing before the report, the BAP or the decree) leave the generated paths open.
  const today_ = (c: Candidate): Candidate => {
    const data = c.command.data as Record<string, unknown>;
    if (c.command.type === 'RecordRecommendation') return c;
    const dated = Object.fromEntries(
      ['letterDate', 'decreeDate', 'decidedOn', 'hearingDate']
        .filter((field) => field in data && !(c.command.type === 'IssueSummons' && field === 'hearingDate'))
        .map((field) => [
          field,
          // Decrees forming the Tim or the Majelis sometimes a day or two back, against the follow-up.
          field === 'decreeDate' && c.command.type !== 'DecideSanction' ? back(seed.days + b) : today,
        ]),
    );
    return { ...c, command: { ...c.command, data: { ...data, ...dated } } as CaseCommand };
  };
  return { progress: progress.map(today_), other: other.map(today_) };
}

const seeds = fc.array(
  fc.record({
    pick: fc.nat(),
    a: fc.nat(),
    b: fc.nat(),
    days: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 200 })),
  }),
  { minLength: 15, maxLength: 60 },
);

interface Run {
  events: CaseEvent[];
  state: CaseState;
  /** State after each accepted command, to compare with a replay of the prefix. */
  checkpoints: { eventCount: number; state: CaseState }[];
}

function runSeeds(list: Seed[], allowDepartures: boolean): Run {
  let state = initialState;
  let nowMs = toEpochMs('2025-03-03T02:00:00.000Z');
  const events: CaseEvent[] = [];
  const checkpoints: Run['checkpoints'] = [];
  for (const seed of list) {
    nowMs += seed.days * 86_400_000;
    const now = fromEpochMs(nowMs);
    const { progress, other } = candidates(state, seed, localDateOf(now), allowDepartures);
    // Mostly move forward, sometimes take a detour.
    const pool = seed.pick % 10 < 7 && progress.length > 0 ? progress : [...progress, ...other];
    const chosen = pool[Math.floor(seed.pick / 10) % pool.length];
    if (!chosen) continue;
    try {
      const decided = decide(
        chosen.command,
        state,
        contextFor({ now, actor: chosen.actor, calendar: CALENDAR }),
      );
      events.push(...decided);
      state = decided.reduce(evolve, state);
      checkpoints.push({ eventCount: events.length, state });
    } catch (error) {
      // Only typed refusals are acceptable: anything else is a crash.
      if (!isDomainError(error)) throw error;
    }
  }
  return { events, state, checkpoints };
}

/** Every sanction reached (decided, decided on objection, or in force) must be allowed or an approved departure. */
function forbiddenSanctionsReached(events: CaseEvent[]): string[] {
  const problems: string[] = [];
  let violationType = '';
  let approved = new Set<string>();
  for (const e of events) {
    if (e.type === 'CaseRegistered') violationType = e.data.violationType;
    if (e.type === 'CaseReopened') approved = new Set();
    if (e.type === 'SanctionDepartureApproved') approved.add(e.data.sanctionCode);
    const code =
      e.type === 'SanctionDecided' || e.type === 'SanctionTookEffect'
        ? e.data.sanctionCode
        : e.type === 'ObjectionDecided'
          ? e.data.sanctionCode
          : null;
    if (code && !isSanctionAllowed(DEFAULT_CATALOGUES, violationType, code) && !approved.has(code)) {
      problems.push(`${e.type}: ${code} for ${violationType}`);
    }
  }
  return problems;
}

// The coverage check in afterAll depends on what the generator happens to reach: reproducible because every
// property test runs with a fixed seed (test/support/fast-check-seed.ts; FC_SEED to explore).

describe('properties of the sanction case', () => {
  const reached = { decisions: 0, inForce: 0, closed: 0, departures: 0 };

  afterAll(() => {
    // The generator must actually reach the interesting stages, or the properties would be vacuous.
    expect(reached.decisions).toBeGreaterThan(20);
    expect(reached.inForce).toBeGreaterThan(5);
    expect(reached.closed).toBeGreaterThan(20);
    expect(reached.departures).toBeGreaterThan(3);
  });

  it('replaying any accepted event sequence rebuilds the same state, which is plain JSON', () => {
    fc.assert(
      fc.property(seeds, (list) => {
        const { events, state, checkpoints } = runSeeds(list, true);
        expect(replay(events)).toStrictEqual(state);
        expect(state.version).toBe(events.length);
        // Through JSON (the event store and continue-as-new) nothing changes.
        const stored = JSON.parse(JSON.stringify(events)) as CaseEvent[];
        expect(replay(stored)).toStrictEqual(state);
        expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
        // Every prefix too (sampled, to keep the run short).
        for (const checkpoint of checkpoints.filter((_, i) => i % 4 === 0)) {
          expect(replay(events.slice(0, checkpoint.eventCount))).toStrictEqual(checkpoint.state);
        }
        // Replaying from a snapshot equals replaying from the start.
        const middle = Math.floor(events.length / 2);
        expect(replay(events.slice(middle), replay(events.slice(0, middle)))).toStrictEqual(state);
      }),
      { numRuns: 200 },
    );
  });

  it('no generated command sequence reaches a sanction that the catalogue forbids', () => {
    fc.assert(
      fc.property(seeds, (list) => {
        const { events } = runSeeds(list, false);
        if (events.some((e) => e.type === 'SanctionDecided')) reached.decisions++;
        if (events.some((e) => e.type === 'SanctionTookEffect')) reached.inForce++;
        if (events.some((e) => e.type === 'CaseClosed')) reached.closed++;
        expect(forbiddenSanctionsReached(events)).toEqual([]);
        expect(events.some((e) => e.type === 'SanctionDepartureApproved')).toBe(false);
      }),
      { numRuns: 250 },
    );
  });

  it('with supervisor-approved departures, only the approved sanctions go beyond the catalogue', () => {
    fc.assert(
      fc.property(seeds, (list) => {
        const { events } = runSeeds(list, true);
        if (events.some((e) => e.type === 'SanctionDecided' && !e.data.allowedByCatalogue))
          reached.departures++;
        expect(forbiddenSanctionsReached(events)).toEqual([]);
        for (const e of events) {
          if (e.type === 'SanctionDecided' && !e.data.allowedByCatalogue) {
            expect(e.data.departureJustification).toEqual(expect.any(String));
          }
        }
      }),
      { numRuns: 250 },
    );
  });

  it('no accepted history has a fact dated before one it depends on, or in the future', () => {
    let checked = 0;
    let dependencies = 0;
    let defaulted = 0;
    fc.assert(
      fc.property(seeds, (list) => {
        const { events } = runSeeds(list, true);
        let state = initialState;
        for (const e of events) {
          const data = e.data as Record<string, unknown>;
          const recordedOn = localDateOf((data.at as string | undefined) ?? '2025-03-03T02:00:00.000Z');
          const facts = [
            'issuedOn',
            'deliveredOn',
            'signedOn',
            'decreeDate',
            'filedOn',
            'answeredOn',
            'decidedOn',
          ]
            .map((field) => data[field])
            .filter((d): d is string => typeof d === 'string');
          if (e.type === 'PpkFollowUpRecorded') facts.push(data.letterDate as string);
          if (typeof data.occurredOn === 'string') facts.push(data.occurredOn);
          // A day no one gave stands in as the recording day, flagged, and never bounds a later fact.
          if (data.occurredOnDefaulted === true) {
            expect(data.occurredOn).toBe(recordedOn);
            defaulted++;
          }
          for (const date of facts) {
            expect(date <= recordedOn).toBe(true);
            if (state.source) expect(date >= state.source.receivedOn).toBe(true);
            checked++;
          }
          if (
            e.type === 'SanctionDecided' &&
            state.examination.bap &&
            state.followUp?.track !== 'majelis_kode_etik'
          ) {
            expect(e.data.decreeDate >= state.examination.bap.signedOn).toBe(true);
          }
          // The procedure's own order: clarification, LHP, follow-up, Tim/Majelis, summons I, summons II.
          const clarification = state.clarification;
          if (e.type === 'ClarificationConcluded' && e.data.occurredOn && clarification?.startedOn) {
            expect(e.data.occurredOn >= clarification.startedOn).toBe(true);
          }
          if (e.type === 'PpkFollowUpRecorded' && clarification?.concludedOn) {
            expect(e.data.letterDate >= clarification.concludedOn).toBe(true);
          }
          if (e.type === 'TimPemeriksaFormed' || e.type === 'MajelisKodeEtikConvened') {
            const earliest = state.followUp?.letterDate ?? clarification?.concludedOn;
            if (earliest) expect(e.data.decreeDate >= earliest).toBe(true);
            dependencies++;
          }
          if (e.type === 'SummonsIssued' && e.data.sequence === 1 && clarification?.startedOn) {
            expect(e.data.issuedOn >= clarification.startedOn).toBe(true);
          }
          if (e.type === 'SummonsIssued' && e.data.sequence === 2) {
            expect(e.data.issuedOn >= state.examination.hearings[0].hearingDate).toBe(true);
            dependencies++;
          }
          if (e.type === 'DecisionDelivered')
            expect(e.data.deliveredOn >= state.decision!.decreeDate).toBe(true);
          if (e.type === 'ObjectionFiled') expect(e.data.filedOn >= state.delivery!.deliveredOn).toBe(true);
          state = evolve(state, e);
        }
      }),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(200);
    expect(dependencies).toBeGreaterThan(20);
    expect(defaulted).toBeGreaterThan(20);
  });

  it('other invariants hold on every accepted sequence', () => {
    fc.assert(
      fc.property(seeds, (list) => {
        const { events } = runSeeds(list, true);
        let state = initialState;
        for (const e of events) {
          if (e.type === 'SanctionDecided') {
            // A Tim Pemeriksa for berat; an examination unless the ASN missed two hearings; PTDH for party
            // membership only on its own track, without either (UU 20/2023 Ps 52(3) huruf j).
            const partyTrack = state.followUp?.track === 'ptdh_partai';
            expect(partyTrack).toBe(e.data.level === 'ptdh');
            if (e.data.level === 'berat') expect(state.examination.timPemeriksa).not.toBeNull();
            if (e.data.kind === 'disciplinary' && !state.examination.bap && !partyTrack) {
              expect(state.examination.hearings.filter((h) => !h.attended)).toHaveLength(2);
            }
          }
          if (e.type === 'ObjectionFiled') {
            expect(e.data.kind).toBe(state.decision?.dismissal ? 'banding' : 'keberatan');
          }
          // A closed case accepts nothing but reopening, a timely objection recorded late retracting the
          // in-force mark that had closed it, or the outcome of a Gakkumdu referral (the criminal track may
          // outlast the disciplinary one).
          if (state.stage === 'closed') {
            expect(['CaseReopened', 'SanctionInForceRetracted', 'CriminalReferralConcluded']).toContain(
              e.type,
            );
          }
          state = evolve(state, e);
        }
      }),
      { numRuns: 300 },
    );
  });

  // The refusals that mean "not now, not by you": role, agency, assignment, stage and state preconditions.
  // Anything else (a bad date, a forbidden sanction) is about the payload.
  const NOT_NOW = new Set([
    'ROLE_NOT_ALLOWED',
    'WRONG_AGENCY',
    'NOT_ASSIGNED_OFFICER',
    'CASE_NOT_REGISTERED',
    'CASE_ALREADY_REGISTERED',
    'CASE_CLOSED',
    'CASE_NOT_CLOSED',
    'WRONG_STAGE',
    'DECISION_WITHOUT_EXAMINATION',
    'CANNOT_WITHDRAW_AFTER_DECISION',
    'TIM_PEMERIKSA_ALREADY_FORMED',
    'BAP_REQUIRES_ATTENDANCE',
    'OBJECTION_NOT_AVAILABLE',
    'SUMMONS_OUT_OF_ORDER',
    'ATTENDANCE_OUT_OF_ORDER',
    'NOT_SUBJECT_TO_PP94',
    'SUBJECT_TO_PP94',
    'SUPERIOR_CASE_NOT_OFFERED',
  ]);
  const ACTORS: Actor[] = [
    OFFICER,
    OTHER_OFFICER,
    SUPERVISOR,
    PPK,
    ADMIN,
    AUDITOR,
    SYSTEM,
    { ...OFFICER, agency: 'kab-bogor' },
  ];
  /** The refusal code, or null when decide accepted the command. */
  const outcome = (command: CaseCommand, state: CaseState, actor: Actor, now: string): string | null => {
    try {
      decide(command, state, contextFor({ now, actor, calendar: CALENDAR }));
      return null;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return error.code;
    }
  };

  it('allowedCommands agrees with decide on generated states, for every actor and command', () => {
    let listed = 0;
    fc.assert(
      fc.property(seeds, fc.nat(), (list, salt) => {
        const { checkpoints } = runSeeds(list, true);
        const states = [initialState, ...checkpoints.map((c) => c.state)].filter(
          (_, i) => (i + salt) % 4 === 0,
        );
        for (const state of states) {
          const now = state.stageEnteredAt ?? '2025-03-03T02:00:00.000Z';
          for (const actor of ACTORS) {
            const allowed = new Set(allowedCommands(state, actor).map((c) => c.type));
            listed += allowed.size;
            // Any payload: a command not listed is refused as "not now"; a listed one never is (empty data
            // fails on the payload instead, after every precondition held).
            for (const type of COMMAND_TYPES) {
              const code = outcome({ type, data: {} } as CaseCommand, state, actor, now);
              expect({
                type,
                stage: state.stage,
                actor: actor.id,
                notNow: code !== null && NOT_NOW.has(code),
              }).toEqual({
                type,
                stage: state.stage,
                actor: actor.id,
                notNow: !allowed.has(type),
              });
            }
            // Real payloads proposed by the generator agree too.
            const { progress, other } = candidates(
              state,
              { pick: 0, a: salt, b: salt, days: 0 },
              localDateOf(now),
              true,
            );
            for (const candidate of [...progress, ...other]) {
              const code = outcome(candidate.command, state, actor, now);
              if (!allowed.has(candidate.command.type)) expect(code !== null && NOT_NOW.has(code)).toBe(true);
              else expect(code === null || !NOT_NOW.has(code) || code === 'SUMMONS_OUT_OF_ORDER').toBe(true);
            }
          }
        }
      }),
      { numRuns: 25 },
    );
    expect(listed).toBeGreaterThan(100);
  });
});
