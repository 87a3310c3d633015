import { caseIdsIn } from './access-log.interceptor';

describe('caseIdsIn', () => {
  it('finds the case ids a list response names', () => {
    expect(
      caseIdsIn({ items: [{ caseId: 'a' }, { caseId: 'b' }, { caseId: 'a' }], nextCursor: null }),
    ).toEqual(['a', 'b']);
    expect(caseIdsIn({ results: [{ caseId: 'c', ok: true }] })).toEqual(['c']);
    expect(caseIdsIn([{ caseId: 'd' }])).toEqual(['d']);
  });

  it('finds none in anything else', () => {
    expect(caseIdsIn({ items: [{ id: '42' }] })).toEqual([]);
    expect(caseIdsIn({ totalCases: 3 })).toEqual([]);
    expect(caseIdsIn('text')).toEqual([]);
    expect(caseIdsIn(undefined)).toEqual([]);
    expect(caseIdsIn({ items: [null, 3, { caseId: 7 }] })).toEqual([]);
  });
});
