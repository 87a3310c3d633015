import { digestMessage, type DigestDeadline } from './digest-activities';

const deadline = (caseId: string, overdue: boolean, dueDate: string): DigestDeadline => ({
  caseId,
  deadlineId: `clarification@3`,
  ruleId: 'clarification',
  name: 'klarifikasi oleh Inspektorat/BKPSDM',
  dueDate,
  dueAt: `${dueDate}T10:00:00.000Z`,
  overdue,
});

describe('officer digest message', () => {
  it('lists overdue deadlines first, then the upcoming ones, in Indonesian', () => {
    const text = digestMessage('2026-11-23', '2026-11-26', [
      deadline('kasus-2', false, '2026-11-25'),
      deadline('kasus-1', true, '2026-11-20'),
    ]);
    expect(text.split('\n')).toEqual([
      'Ringkasan tenggat 23 November 2026: 1 tenggat terlewat, 1 tenggat jatuh tempo sampai 26 November 2026.',
      '- TERLEWAT: kasus kasus-1, klarifikasi oleh Inspektorat/BKPSDM, jatuh tempo 20 November 2026',
      '- kasus kasus-2, klarifikasi oleh Inspektorat/BKPSDM, jatuh tempo 25 November 2026',
    ]);
  });
});
