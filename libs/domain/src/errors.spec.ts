// Every refusal code of the domain has a message wholly in English and one wholly in Indonesian; the
// Indonesian one names the field and the dates where the refusal is about them.
import { DOMAIN_ERROR_MESSAGES, DomainError, type DomainErrorCode } from './errors';
import { spec, through } from './testing/case-spec';
import { cmd, wib } from './testing/fixtures';

// English words that must not leak into an Indonesian message (legal terms such as BAP or Tim Pemeriksa may).
const ENGLISH =
  /\b(must|before|after|the|is|not|cannot|only|and|or|of|to|with|field|date|case|may|needs?|already|until|filed|window|ended|hearing|delivered)\b/i;

describe('refusal messages', () => {
  const codes = Object.keys(DOMAIN_ERROR_MESSAGES) as DomainErrorCode[];

  it.each(codes)('%s has an English and an Indonesian message, the latter with no English words', (code) => {
    const { en, id } = DOMAIN_ERROR_MESSAGES[code];
    expect(en.trim().length).toBeGreaterThan(0);
    expect(id.trim().length).toBeGreaterThan(0);
    expect(id).not.toBe(en);
    expect(id).not.toMatch(ENGLISH);
  });

  it('a refusal about a field names it in the Indonesian message too', () => {
    const error = new DomainError('INVALID_COMMAND', 'reportedAsn.nip must be 18 digits', {
      field: 'reportedAsn.nip',
    });
    expect(error.message).toBe('The command is malformed: reportedAsn.nip must be 18 digits');
    expect(error.messageId).toBe('Perintah tidak valid: kolom reportedAsn.nip');
  });

  it('date refusals name the dates in Indonesian, with no English words', () => {
    const late = spec
      .given(through('delivered'))
      .when(cmd.object('2025-02-26'), { now: wib('2025-02-26') })
      .thenThrows('LATE_OBJECTION');
    expect(late.messageId).toBe(
      'Keberatan/banding diajukan melewati tenggang waktu: diajukan 26 Februari 2025, tenggang waktu berakhir 25 Februari 2025',
    );
    const tooShort = spec
      .given(through('followed-up'))
      .when(cmd.summons(1, '2025-01-13', '2025-01-21'), { now: wib('2025-01-13') })
      .thenThrows('SUMMONS_NOTICE_TOO_SHORT');
    expect(tooShort.messageId).toContain('21 Januari 2025');
    expect(tooShort.messageId).toContain('13 Januari 2025');
    for (const error of [late, tooShort]) {
      expect(error.messageId.replace(/\([^)]*\)/g, '')).not.toMatch(ENGLISH);
    }
  });
});
