import { enums } from '../proto';
import { decideOverlap } from './overlap';

const P = enums.ScheduleOverlapPolicy;
const start = (name: string, overlapPolicy = 0) => ({ name, overlapPolicy });
const resolveTo = (policy: number) => (p: number) => p || policy;
const names = (xs: { name: string }[]) => xs.map((x) => x.name);

describe('decideOverlap', () => {
  it('starts the first buffered start when nothing runs, whatever the policy', () => {
    for (const policy of [
      P.SCHEDULE_OVERLAP_POLICY_SKIP,
      P.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE,
      P.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL,
    ]) {
      const d = decideOverlap([start('a')], false, resolveTo(policy));
      expect(d.nonOverlapping?.name).toBe('a');
      expect(d.buffer).toEqual([]);
      expect(d.skipped).toBe(0);
    }
  });

  it('SKIP drops starts while something runs', () => {
    const d = decideOverlap([start('a'), start('b')], true, resolveTo(P.SCHEDULE_OVERLAP_POLICY_SKIP));
    expect(d.nonOverlapping).toBeUndefined();
    expect(d.buffer).toEqual([]);
    expect(d.skipped).toBe(2);
  });

  it('SKIP with nothing running: the first starts, the ones after it overlap it and are skipped', () => {
    const d = decideOverlap([start('a'), start('b')], false, resolveTo(P.SCHEDULE_OVERLAP_POLICY_SKIP));
    expect(d.nonOverlapping?.name).toBe('a');
    expect(d.skipped).toBe(1);
  });

  it('BUFFER_ONE keeps the first waiting start and drops the rest', () => {
    const d = decideOverlap(
      [start('a'), start('b'), start('c')],
      true,
      resolveTo(P.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE),
    );
    expect(names(d.buffer)).toEqual(['a']);
    expect(d.skipped).toBe(2);
  });

  it('BUFFER_ALL keeps every start in order', () => {
    const d = decideOverlap([start('a'), start('b')], true, resolveTo(P.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL));
    expect(names(d.buffer)).toEqual(['a', 'b']);
    expect(d.skipped).toBe(0);
  });

  it('CANCEL_OTHER / TERMINATE_OTHER ask to stop the running workflow and keep the start', () => {
    const c = decideOverlap([start('a')], true, resolveTo(P.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER));
    expect(c).toMatchObject({ needCancel: true, needTerminate: false });
    expect(names(c.buffer)).toEqual(['a']);
    const t = decideOverlap([start('a')], true, resolveTo(P.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER));
    expect(t).toMatchObject({ needCancel: false, needTerminate: true });
    expect(names(t.buffer)).toEqual(['a']);
  });

  it('CANCEL_OTHER with nothing running: a later start replaces the one chosen in the same pass', () => {
    const d = decideOverlap(
      [start('a'), start('b')],
      false,
      resolveTo(P.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER),
    );
    expect(d.nonOverlapping?.name).toBe('b');
    expect(d.needCancel).toBe(false);
    expect(d.skipped).toBe(0);
  });

  it('ALLOW_ALL starts everything at once and never blocks others', () => {
    const d = decideOverlap(
      [
        start('a', P.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL),
        start('b', P.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL),
        start('c'),
      ],
      true,
      resolveTo(P.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE),
    );
    expect(names(d.overlapping)).toEqual(['a', 'b']);
    expect(names(d.buffer)).toEqual(['c']);
  });

  it('does not start ALLOW_ALL runs that a cancel or terminate would hit at once', () => {
    const d = decideOverlap(
      [
        start('a', P.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL),
        start('b', P.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER),
      ],
      true,
      resolveTo(P.SCHEDULE_OVERLAP_POLICY_SKIP),
    );
    expect(d.overlapping).toEqual([]);
    expect(d.needTerminate).toBe(true);
  });

  it('resolves an unspecified policy through the schedule (late, so policy updates apply to the buffer)', () => {
    const d = decideOverlap([start('a', 0)], true, resolveTo(P.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL));
    expect(names(d.buffer)).toEqual(['a']);
  });
});
