/**
 * The console's command summaries (kept beside console-hints.spec.ts: the console's own tsconfig has no
 * test types). Every command the API describes (commands.json, generated from the OpenAPI document) has its
 * Indonesian one-line summary, so the Indonesian action panel shows no English line.
 */
import commands from '../../../../console/src/api/commands.json';
import { SUMMARIES_ID, summaryOf } from '../../../../console/src/i18n/summaries';

describe('Indonesian command summaries', () => {
  const types = (commands as unknown as { type: string }[]).map((c) => c.type);

  it('cover every command of commands.json', () => {
    expect(types.length).toBeGreaterThan(20);
    expect(types.filter((type) => !(type in SUMMARIES_ID))).toEqual([]);
  });

  it('are Indonesian in Bahasa Indonesia and the API text in English', () => {
    expect(
      summaryOf('id', 'IssueSummons', 'Record summons I or II (surat panggilan) with delivery proof'),
    ).toBe('Catat surat panggilan I atau II beserta bukti penyampaiannya');
    expect(summaryOf('en', 'IssueSummons', 'Record summons I or II')).toBe('Record summons I or II');
    expect(summaryOf('id', 'SomeNewCommand', 'English text')).toBe('English text');
  });
});
