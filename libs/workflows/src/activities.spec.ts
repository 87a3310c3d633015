import { DEFAULT_CATALOGUES, DEFAULT_DEADLINE_POLICY } from '@netral/domain';
import { isCaseConfig } from './activities';

describe('isCaseConfig', () => {
  const good = {
    catalogues: DEFAULT_CATALOGUES,
    policy: DEFAULT_DEADLINE_POLICY,
    calendar: null,
    continueAsNewAfterHistoryEvents: 5000,
  };

  it('accepts a configuration and refuses what is not one', () => {
    expect(isCaseConfig(good)).toBe(true);
    expect(isCaseConfig(null)).toBe(false);
    expect(isCaseConfig({})).toBe(false);
    expect(isCaseConfig({ ...good, policy: null })).toBe(false);
    expect(isCaseConfig({ ...good, calendar: 'Asia/Jakarta' })).toBe(false);
    expect(isCaseConfig({ ...good, continueAsNewAfterHistoryEvents: 0 })).toBe(false);
  });
});
