// Given/when/then specifications of AttachDocument: a file is attached to a fact the case has recorded,
// its SHA-256 goes into the event, a retry records nothing, and the reporter's report stays confidential.
import { sanctionCaseDecider } from '../decider';
import { DeciderSpecification } from '../testing/decider-specification';
import {
  AUDITOR,
  MORAL_PATH,
  OFFICER,
  OTHER_OFFICER,
  PPK,
  SEDANG_PATH,
  SUPERVISOR,
  cmd,
  contextFor,
  historyThrough,
  wib,
} from '../testing/fixtures';
import { type CaseCommand } from './commands';
import { type CaseEvent, replay } from './events';

const spec = DeciderSpecification.for(sanctionCaseDecider, contextFor);
const through = (name: string) => historyThrough(SEDANG_PATH, name);
const SHA = 'a'.repeat(64);

function attach(overrides: Record<string, unknown> = {}): CaseCommand {
  return {
    type: 'AttachDocument',
    data: {
      documentId: 'DOC-1',
      fact: { kind: 'surat_panggilan', sequence: 1 },
      title: 'Surat Panggilan I',
      fileName: 'panggilan-1.pdf',
      contentType: 'application/pdf',
      size: 1234,
      sha256: SHA,
      ...overrides,
    },
  } as CaseCommand;
}

describe('AttachDocument', () => {
  it('records the file with its hash, linked to the summons it proves', () => {
    const at = wib('2025-01-14');
    const { state } = spec
      .given(through('summoned'))
      .when(attach(), { now: at })
      .then([
        {
          type: 'DocumentAttached',
          data: {
            documentId: 'DOC-1',
            fact: { kind: 'surat_panggilan', sequence: 1 },
            factReference: 'PGL-1/2025',
            title: 'Surat Panggilan I',
            fileName: 'panggilan-1.pdf',
            contentType: 'application/pdf',
            size: 1234,
            sha256: SHA,
            origin: 'uploaded',
            template: null,
            identifiesReporter: false,
            round: 1,
            at,
          },
        },
      ]);
    expect(state.documents).toHaveLength(1);
    expect(state.documents[0]).toMatchObject({ documentId: 'DOC-1', version: state.version });
    // Attaching changes no stage.
    expect(state.stage).toBe('examination');
  });

  it('the same document again (a retry) records nothing; other content under its id is refused', () => {
    const given: CaseEvent[] = [
      ...through('summoned'),
      ...sanctionCaseDecider.decide(
        attach(),
        replay(through('summoned')),
        contextFor({ now: wib('2025-01-14') }),
      ),
    ];
    spec
      .given(given)
      .when(attach(), { now: wib('2025-01-15') })
      .then([]);
    spec
      .given(given)
      .when(attach({ sha256: 'b'.repeat(64) }), { now: wib('2025-01-15') })
      .thenThrows('INVALID_COMMAND');
  });

  it('a fact the case has not recorded is UNKNOWN_FACT (summons II before it was issued, a decree before the decision)', () => {
    spec
      .given(through('summoned'))
      .when(attach({ fact: { kind: 'surat_panggilan', sequence: 2 } }), { now: wib('2025-01-14') })
      .thenThrows('UNKNOWN_FACT');
    spec
      .given(through('bap'))
      .when(attach({ fact: { kind: 'keputusan_hukuman' } }), { now: wib('2025-01-23') })
      .thenThrows('UNKNOWN_FACT');
  });

  it('refuses malformed files: wrong type, bad hash, sequence on a single fact, unknown fact kind', () => {
    const given = through('bap');
    const now = { now: wib('2025-01-23') };
    spec
      .given(given)
      .when(attach({ contentType: 'application/zip' }), now)
      .thenThrows('INVALID_COMMAND');
    spec
      .given(given)
      .when(attach({ sha256: 'XYZ' }), now)
      .thenThrows('INVALID_COMMAND');
    spec
      .given(given)
      .when(attach({ size: 0 }), now)
      .thenThrows('INVALID_COMMAND');
    spec
      .given(given)
      .when(attach({ fact: { kind: 'bap', sequence: 2 } }), now)
      .thenThrows('INVALID_COMMAND');
    spec
      .given(given)
      .when(attach({ fact: { kind: 'foto' } }), now)
      .thenThrows('INVALID_COMMAND');
    spec
      .given(given)
      .when(attach({ origin: 'generated' }), now)
      .thenThrows('INVALID_COMMAND');
  });

  it('a public report always identifies its reporter', () => {
    const { events } = spec
      .given(through('registered'))
      .when(attach({ fact: { kind: 'laporan' }, identifiesReporter: false }), {
        now: wib('2025-01-06', '11:00'),
      })
      .then([expect.objectContaining({ type: 'DocumentAttached' }) as CaseEvent]);
    expect(events[0].data).toMatchObject({ identifiesReporter: true, factReference: 'LAP-001/2025' });
  });

  it('who may attach: the assigned officer, a supervisor, the PPK; never an auditor or another officer', () => {
    const given = through('bap');
    const now = wib('2025-01-23');
    const doc = attach({ fact: { kind: 'bap' } });
    for (const actor of [OFFICER, SUPERVISOR, PPK]) {
      spec
        .given(given)
        .when(doc, { now, actor })
        .then([expect.objectContaining({ type: 'DocumentAttached' }) as CaseEvent]);
    }
    spec.given(given).when(doc, { now, actor: AUDITOR }).thenThrows('ROLE_NOT_ALLOWED');
    spec.given(given).when(doc, { now, actor: OTHER_OFFICER }).thenThrows('NOT_ASSIGNED_OFFICER');
    spec
      .given(given)
      .when(doc, { now, actor: { ...SUPERVISOR, agency: 'kab-bogor' } })
      .thenThrows('WRONG_AGENCY');
  });

  it('a closed case still takes documents (the decree and its delivery proof complete the berkas)', () => {
    const closed = historyThrough(
      [
        ...MORAL_PATH,
        { name: 'delivered', command: cmd.deliver('2025-02-05'), actor: OFFICER, now: wib('2025-02-05') },
      ],
      'delivered',
    );
    expect(replay(closed).stage).toBe('closed');
    spec
      .given(closed)
      .when(attach({ fact: { kind: 'bukti_penyampaian_keputusan' }, contentType: 'image/jpeg' }), {
        now: wib('2025-02-06'),
      })
      .then([expect.objectContaining({ type: 'DocumentAttached' }) as CaseEvent]);
    // Other commands stay refused on a closed case.
    spec
      .given(closed)
      .when(cmd.withdraw(), { now: wib('2025-02-06'), actor: SUPERVISOR })
      .thenThrows('CASE_CLOSED');
  });
});
