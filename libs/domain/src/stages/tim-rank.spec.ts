// Given/when/then specifications: Tim Pemeriksa members may not rank below the examined ASN (PP 94/2021 [S];
// domain.md "Who else can be reported"), compared by golongan.
import { type CaseCommand } from '../case/commands';
import { gradeBelow } from '../case/vocabulary';
import { spec } from '../testing/case-spec';
import { BERAT_PATH, FULL_TIM, OFFICER, PPK, cmd, historyThrough, run, step, wib } from '../testing/fixtures';

const asn = (cmd.register().data as { reportedAsn: object }).reportedAsn;
/** The berat path up to the follow-up, for an ASN of golongan III/c. */
const graded = (grade: string | undefined) =>
  run([
    step(
      'registered',
      cmd.register({
        violationType: 'PP94_5N_4_FASILITAS_NEGARA',
        reportedAsn: { ...asn, ...(grade ? { grade } : {}) } as never,
      }),
      OFFICER,
      '2025-01-06',
    ),
    ...BERAT_PATH.slice(1, 5),
  ]).events;
const tim = (grades: (string | undefined)[]): CaseCommand =>
  cmd.formTim(FULL_TIM.map((m, i) => ({ ...m, ...(grades[i] ? { grade: grades[i] } : {}) })));
const at = { actor: PPK, now: wib('2025-01-10', '11:00') };

describe('Tim Pemeriksa rank', () => {
  it('golongan compare within a scale, not across PNS and PPPK', () => {
    expect(gradeBelow('III/b', 'III/c')).toBe(true);
    expect(gradeBelow('IV/a', 'III/c')).toBe(false);
    expect(gradeBelow('III/c', 'III/c')).toBe(false);
    expect(gradeBelow('PPPK-IX', 'PPPK-X')).toBe(true);
    expect(gradeBelow('PPPK-IX', 'III/c')).toBeNull();
  });

  it('a member below the ASN is refused, naming both grades; equal or higher is accepted', () => {
    const history = graded('III/c');
    const error = spec
      .given(history)
      .when(tim(['IV/a', 'III/b', 'III/d']), at)
      .thenThrows('TIM_MEMBER_RANK_BELOW_ASN');
    expect(error.details).toEqual({ member: FULL_TIM[1].name, memberGrade: 'III/b', asnGrade: 'III/c' });
    expect(error.messageId).toContain('lebih rendah dari ASN yang diperiksa (III/c)');
    const formed = spec
      .given(history)
      .when(tim(['IV/a', 'III/c', 'III/d']), at)
      .then([expect.objectContaining({ type: 'TimPemeriksaFormed' })]);
    expect(formed.state.examination.timPemeriksa?.members.map((m) => m.grade)).toEqual([
      'IV/a',
      'III/c',
      'III/d',
    ]);
  });

  it("with the ASN's grade known every member states one", () => {
    spec
      .given(graded('III/c'))
      .when(tim(['IV/a', undefined, 'III/d']), at)
      .thenThrows('INVALID_COMMAND', (e) => expect(e.details).toEqual({ field: 'members[1].grade' }));
  });

  it('an ASN registered without a grade (or an older history) is not compared', () => {
    spec
      .given(historyThrough(BERAT_PATH, 'followed-up'))
      .when(tim([undefined, 'I/a', undefined]), at)
      .then([expect.objectContaining({ type: 'TimPemeriksaFormed' })]);
    expect(graded(undefined).find((e) => e.type === 'CaseRegistered')?.data).not.toHaveProperty(
      'reportedAsn.grade',
    );
  });
});
