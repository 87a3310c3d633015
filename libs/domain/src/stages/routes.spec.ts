// Given/when/then specifications: the routes beside the PP 94/2021 procedure. A non-ASN or BUMD employee's case
// is forwarded to the employer and closed as forwarded (UU 7/2017 Ps 455); a Gakkumdu referral is recorded
// with its outcome while the disciplinary track goes on.
import { type CaseCommand } from '../case/commands';
import { type CaseEvent } from '../case/events';
import { allowedCommands } from '../case/stage-table';
import { sanctionCaseDeciderState, spec, through } from '../testing/case-spec';
import { OFFICER, PPK, SEDANG_PATH, SUPERVISOR, cmd, run, step, wib } from '../testing/fixtures';

const asn = (cmd.register().data as { reportedAsn: object }).reportedAsn;
const nonAsnPath = (employeeType: 'NON_ASN' | 'BUMD') => [
  step(
    'registered',
    cmd.register({ reportedAsn: { ...asn, nip: null, employeeType } as never }),
    OFFICER,
    '2025-01-06',
  ),
  ...SEDANG_PATH.slice(1, 4),
];

const forward = (letterDate = '2025-01-10'): CaseCommand => ({
  type: 'ForwardToEmployer',
  data: { employer: 'Direksi PDAM Tirta Patriot', letterNumber: '800/45/BKPSDM/2025', letterDate },
});
const referral = (referredOn = '2025-01-08', reference = 'GAKKUMDU/12/I/2025'): CaseCommand => ({
  type: 'RecordCriminalReferral',
  data: { reference, referredOn, offence: 'UU 7/2017 Ps 494' },
});
const referralOutcome = (decidedOn = '2025-01-20', reference = 'GAKKUMDU/12/I/2025'): CaseCommand => ({
  type: 'RecordCriminalReferralOutcome',
  data: { reference, outcome: 'not_pursued', decidedOn, decisionRef: 'BA-GAKKUMDU/20/I/2025' },
});

describe('non-ASN and BUMD employees: forwarded to the employer', () => {
  it.each(['NON_ASN', 'BUMD'] as const)('a %s case is forwarded and closed as forwarded', (type) => {
    const now = wib('2025-01-10');
    const history = run(nonAsnPath(type)).events;
    const state = sanctionCaseDeciderState(history);
    expect(allowedCommands(state, OFFICER).map((c) => c.type)).toContain('ForwardToEmployer');
    const forwarded = spec
      .given(history)
      .when(forward(), { now })
      .then([
        {
          type: 'CaseForwardedToEmployer',
          data: {
            employer: 'Direksi PDAM Tirta Patriot',
            letterNumber: '800/45/BKPSDM/2025',
            letterDate: '2025-01-10',
            at: now,
          },
        },
        {
          type: 'CaseClosed',
          data: {
            outcome: 'forwarded',
            reason: 'Direksi PDAM Tirta Patriot: 800/45/BKPSDM/2025',
            at: now,
          },
        },
      ]);
    expect(forwarded.state.stage).toBe('closed');
    expect(forwarded.state.forwarding?.employer).toBe('Direksi PDAM Tirta Patriot');
  });

  it('PP 94/2021 does not apply to them: the PPK follow-up is refused', () => {
    spec
      .given(run(nonAsnPath('NON_ASN')).events)
      .when(cmd.followUp('examination'), { actor: PPK, now: wib('2025-01-10') })
      .thenThrows('NOT_SUBJECT_TO_PP94');
  });

  it('an ASN is examined, not forwarded', () => {
    const state = sanctionCaseDeciderState(through('clarified'));
    expect(allowedCommands(state, OFFICER).map((c) => c.type)).not.toContain('ForwardToEmployer');
    spec
      .given(through('clarified'))
      .when(forward(), { now: wib('2025-01-10') })
      .thenThrows('SUBJECT_TO_PP94');
  });

  it('the forwarding letter is not dated before the report', () => {
    spec
      .given(run(nonAsnPath('BUMD')).events)
      .when(forward('2025-01-02'), { now: wib('2025-01-10') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', (e) => expect(e.details).toMatchObject({ dependsOn: 'report' }));
  });
});

describe('Gakkumdu criminal referral beside the disciplinary track', () => {
  it('is recorded without moving the case, and the procedure goes on', () => {
    const now = wib('2025-01-10');
    const referred = spec
      .given(through('followed-up'))
      .when(referral(), { now })
      .then([
        {
          type: 'CriminalReferralRecorded',
          data: {
            reference: 'GAKKUMDU/12/I/2025',
            referredOn: '2025-01-08',
            offence: 'UU 7/2017 Ps 494',
            at: now,
          },
        },
      ]);
    expect(referred.state.stage).toBe('examination');
    spec
      .given([...through('followed-up'), ...referred.events])
      .when(cmd.summons(1, '2025-01-13', '2025-01-22'), { now: wib('2025-01-13') })
      .then([expect.objectContaining({ type: 'SummonsIssued' })]);
  });

  it('its outcome is recorded once, not before the referral, also after the case closed', () => {
    const history = [
      ...through('followed-up'),
      ...spec
        .given(through('followed-up'))
        .when(referral(), { now: wib('2025-01-10') })
        .then([expect.anything()]).events,
    ];
    spec
      .given(history)
      .when(referralOutcome('2025-01-07'), { now: wib('2025-01-20') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', (e) =>
        expect(e.details).toMatchObject({ dependsOn: 'referral', dependsOnDate: '2025-01-08' }),
      );
    spec
      .given(history)
      .when(referralOutcome('2025-01-20', 'GAKKUMDU/99'), { now: wib('2025-01-20') })
      .thenThrows('CRIMINAL_REFERRAL_NOT_FOUND');
    const withdrawn = [
      ...history,
      ...spec
        .given(history)
        .when(cmd.withdraw(), { actor: SUPERVISOR, now: wib('2025-01-15') })
        .then([expect.anything()]).events,
    ];
    const concluded = spec
      .given(withdrawn)
      .when(referralOutcome(), { now: wib('2025-01-20') })
      .then([
        expect.objectContaining({
          type: 'CriminalReferralConcluded',
          data: expect.objectContaining({ outcome: 'not_pursued', decidedOn: '2025-01-20' }),
        }),
      ]);
    expect(concluded.state.criminalReferrals?.[0].outcome?.outcome).toBe('not_pursued');
    spec
      .given([...withdrawn, ...concluded.events])
      .when(referralOutcome(), { now: wib('2025-01-21') })
      .thenThrows('WRONG_STAGE');
  });

  it('a concluded referral takes no second outcome while another one is pending', () => {
    const events: CaseEvent[] = [...through('followed-up')];
    const record = (command: CaseCommand, now: string) =>
      events.push(
        ...spec
          .given(events)
          .when(command, { now: wib(now) })
          .then([expect.anything()]).events,
      );
    record(referral('2025-01-08'), '2025-01-10');
    record(referral('2025-01-09', 'GAKKUMDU/13/I/2025'), '2025-01-10');
    record(referralOutcome('2025-01-20'), '2025-01-20');
    // The second referral is pending, so the command is possible; the first one is decided already.
    spec
      .given(events)
      .when(referralOutcome('2025-01-21'), { now: wib('2025-01-21') })
      .thenThrows('CRIMINAL_REFERRAL_CONCLUDED', (e) =>
        expect(e.details).toEqual({ reference: 'GAKKUMDU/12/I/2025' }),
      );
    spec
      .given(events)
      .when(referralOutcome('2025-01-21', 'GAKKUMDU/13/I/2025'), { now: wib('2025-01-21') })
      .then([expect.objectContaining({ type: 'CriminalReferralConcluded' })]);
  });

  it('no outcome without a pending referral (the stage table and decide agree)', () => {
    const state = sanctionCaseDeciderState(through('followed-up'));
    expect(allowedCommands(state, OFFICER).map((c) => c.type)).toContain('RecordCriminalReferral');
    expect(allowedCommands(state, OFFICER).map((c) => c.type)).not.toContain('RecordCriminalReferralOutcome');
    spec
      .given(through('followed-up'))
      .when(referralOutcome(), { now: wib('2025-01-20') })
      .thenThrows('WRONG_STAGE');
  });
});

describe('a linked case against the direct superior (PP 94/2021 Ps 28)', () => {
  const followedUp = through('followed-up');
  const escalated: CaseEvent[] = [
    ...followedUp,
    {
      type: 'DeadlineEscalated',
      data: {
        deadlineId: `first_summons@${followedUp.length}`,
        step: 1,
        recipientRole: 'supervisor',
        nextDueAt: null,
        at: wib('2025-01-22'),
      },
    },
  ];
  const link = (linkedCaseId = 'NTR-0000000000AB'): CaseCommand => ({
    type: 'LinkSuperiorCase',
    data: {
      linkedCaseId,
      superior: { name: 'Camat Bekasi Timur', nip: '197501012000031002', position: 'Camat' },
    },
  });
  const now = wib('2025-01-23');

  it('is offered only once the first-summons deadline escalated', () => {
    expect(
      allowedCommands(sanctionCaseDeciderState(followedUp), SUPERVISOR).map((c) => c.type),
    ).not.toContain('LinkSuperiorCase');
    spec.given(followedUp).when(link(), { actor: SUPERVISOR, now }).thenThrows('SUPERIOR_CASE_NOT_OFFERED');
    expect(allowedCommands(sanctionCaseDeciderState(escalated), SUPERVISOR).map((c) => c.type)).toContain(
      'LinkSuperiorCase',
    );
  });

  it('links the superior case, once, naming the escalated deadline', () => {
    const linked = spec
      .given(escalated)
      .when(link(), { actor: SUPERVISOR, now })
      .then([
        {
          type: 'SuperiorCaseLinked',
          data: {
            linkedCaseId: 'NTR-0000000000AB',
            superior: { name: 'Camat Bekasi Timur', nip: '197501012000031002', position: 'Camat' },
            deadlineId: `first_summons@${followedUp.length}`,
            at: now,
          },
        },
      ]);
    expect(linked.state.superiorCase?.linkedCaseId).toBe('NTR-0000000000AB');
    spec
      .given([...escalated, ...linked.events])
      .when(link('NTR-0000000000AC'), { actor: SUPERVISOR, now })
      .thenThrows('SUPERIOR_CASE_NOT_OFFERED');
    spec.given(escalated).when(link(), { actor: OFFICER, now }).thenThrows('ROLE_NOT_ALLOWED');
  });
});

describe('delivery to the last known address when the ASN is absent', () => {
  const sent = (lastKnownAddress?: string): CaseCommand => ({
    type: 'RecordDelivery',
    data: {
      deliveredOn: '2025-02-05',
      method: 'sent_to_last_known_address',
      proofRef: 'RESI-POS-01',
      ...(lastKnownAddress ? { lastKnownAddress } : {}),
    },
  });
  const now = wib('2025-02-05');

  it('records the address it was sent to, and the objection window runs from that delivery', () => {
    const delivered = spec
      .given(through('decided'))
      .when(sent('Jl. Kenanga 12, Bekasi Timur'), { now })
      .then([
        expect.objectContaining({
          type: 'DecisionDelivered',
          data: expect.objectContaining({
            method: 'sent_to_last_known_address',
            lastKnownAddress: 'Jl. Kenanga 12, Bekasi Timur',
          }),
        }),
      ]);
    expect(delivered.state.stage).toBe('objection_window');
    expect(delivered.state.delivery?.lastKnownAddress).toBe('Jl. Kenanga 12, Bekasi Timur');
  });

  it('needs the address; an in-person delivery records none', () => {
    spec
      .given(through('decided'))
      .when(sent(), { now })
      .thenThrows('INVALID_COMMAND', (e) => expect(e.details).toEqual({ field: 'data.lastKnownAddress' }));
    spec
      .given(through('decided'))
      .when(cmd.deliver('2025-02-05'), { now })
      .then([
        expect.objectContaining({
          data: expect.not.objectContaining({ lastKnownAddress: expect.anything() }),
        }),
      ]);
  });
});
