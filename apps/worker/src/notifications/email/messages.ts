// The words of each e-mail: a reminder before a deadline, an escalation after it, and the daily digest; in
// Bahasa Indonesia, or English for a recipient who asked for it. Plain text and HTML carry the same content.
// Only the reported ASN, the case and the deadline appear: never the reporter (PP 94/2021 and the
// whistle-blower protection the domain's confidentiality rule implements).
import {
  type CivilDate,
  type DeadlineRule,
  type DeadlineUnit,
  type EscalationStep,
  formatTanggal,
  neutraliseForDisplay,
  type RecipientRole,
} from '@netral/domain';
import type { NotificationLanguage } from '@netral/event-store';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** What a message says about the case it is about (from the read model; no confidential part). */
export interface CaseFacts {
  caseId: string;
  asnName: string | null;
  asnNip: string | null;
  url: string | null;
}

export interface ReminderFacts {
  kind: 'reminder';
  rule: Pick<DeadlineRule, 'name' | 'gloss' | 'legalBasis'>;
  dueDate: CivilDate;
  /** Working days from today to the due date (0: due today). */
  workingDaysLeft: number;
}

export interface EscalationFacts {
  kind: 'escalation';
  rule: Pick<DeadlineRule, 'name' | 'gloss' | 'legalBasis' | 'unit'>;
  dueDate: CivilDate;
  step: number;
  /** Who should have acted: the assigned officer's name, else the role. */
  responsible: string;
  nextStep: EscalationStep | null;
}

export interface DigestItem {
  caseId: string;
  name: string;
  dueDate: CivilDate;
  overdue: boolean;
  url: string | null;
}

export interface DigestFacts {
  kind: 'digest';
  date: CivilDate;
  items: DigestItem[];
}

export type MessageFacts = ReminderFacts | EscalationFacts | DigestFacts;

const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "4 December 2026"; Indonesian dates come from the domain's formatTanggal (one format for all outputs). */
function formatDate(date: CivilDate, language: NotificationLanguage): string {
  if (language === 'id') return formatTanggal(date);
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${ENGLISH_MONTHS[month - 1]} ${year}`;
}

type Labels = Record<NotificationLanguage, string>;

/** Role names as officers know them: one for each of the domain's recipient roles. */
const ROLE_LABELS: Record<string, Labels> = {
  case_officer: { id: 'petugas kasus', en: 'case officer' },
  supervisor: { id: 'atasan petugas (supervisor)', en: 'supervisor' },
  ppk: { id: 'Pejabat Pembina Kepegawaian (PPK)', en: 'staffing authority (PPK)' },
  supervisory_body: { id: 'lembaga pengawas (BKN/Bawaslu)', en: 'supervisory body (BKN/Bawaslu)' },
  bkpsdm: { id: 'BKPSDM', en: 'BKPSDM (regional civil-service agency)' },
  inspektorat: { id: 'Inspektorat', en: 'Inspektorat (internal audit)' },
} satisfies Record<RecipientRole, Labels>;

export const roleLabel = (role: string, language: NotificationLanguage): string =>
  ROLE_LABELS[role]?.[language] ?? role;

/** One for each of the domain's deadline units. */
const UNIT_LABELS: Record<string, Labels> = {
  working_days: { id: 'hari kerja', en: 'working days' },
  calendar_days: { id: 'hari kalender', en: 'calendar days' },
  months: { id: 'bulan', en: 'months' },
} satisfies Record<DeadlineUnit, Labels>;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function asnLine(facts: CaseFacts, language: NotificationLanguage): string {
  const who = facts.asnName ?? 'ASN';
  const nip = facts.asnNip ? ` (NIP ${facts.asnNip})` : '';
  return language === 'id'
    ? `kasus ${facts.caseId} atas nama ${who}${nip}`
    : `case ${facts.caseId} concerning ${who}${nip}`;
}

/** A paragraph is a list of text pieces; a piece may be a link. */
type Piece = string | { href: string; label: string };
type Paragraph = Piece[];

/**
 * Names typed into a case reach the subject, text and HTML: invisible format characters (a right-to-left
 * override making one name read as another) are shown as [U+XXXX] markers in all three.
 */
function render(
  rawSubject: string,
  rawParagraphs: Paragraph[],
  language: NotificationLanguage,
): EmailContent {
  const subject = neutraliseForDisplay(rawSubject);
  const paragraphs = rawParagraphs.map((p) =>
    p.map((piece) =>
      typeof piece === 'string'
        ? neutraliseForDisplay(piece)
        : { ...piece, label: neutraliseForDisplay(piece.label) },
    ),
  );
  const text = paragraphs
    .map((p) =>
      p.map((piece) => (typeof piece === 'string' ? piece : `${piece.label}: ${piece.href}`)).join(''),
    )
    .join('\n\n');
  const body = paragraphs
    .map(
      (p) =>
        `<p>${p
          .map((piece) =>
            typeof piece === 'string'
              ? escapeHtml(piece).replace(/\n/g, '<br>')
              : `<a href="${escapeHtml(piece.href)}">${escapeHtml(piece.label)}</a>`,
          )
          .join('')}</p>`,
    )
    .join('\n');
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(
    subject,
  )}</title></head><body>\n${body}\n</body></html>`;
  return { subject, text, html };
}

const FOOTER: Record<NotificationLanguage, string> = {
  id: 'Pesan ini dikirim otomatis oleh Netral. Balasan ke alamat ini tidak dibaca.',
  en: 'This message was sent automatically by Netral. Replies to this address are not read.',
};

const caseLink = (facts: CaseFacts, language: NotificationLanguage): Paragraph =>
  facts.url ? [{ href: facts.url, label: language === 'id' ? 'Buka kasus' : 'Open the case' }] : [];

export function reminderMessage(
  facts: CaseFacts,
  reminder: ReminderFacts,
  recipientName: string,
  language: NotificationLanguage,
): EmailContent {
  const due = formatDate(reminder.dueDate, language);
  const left = reminder.workingDaysLeft;
  if (language === 'id') {
    return render(
      `[Netral] Pengingat tenggat: ${reminder.rule.name} — kasus ${facts.caseId}`,
      [
        [`Yth. ${recipientName},`],
        [
          `Tenggat "${reminder.rule.name}" untuk ${asnLine(facts, language)} jatuh pada ${due}` +
            (left > 0 ? `, ${left} hari kerja lagi.` : ', yaitu hari ini.'),
        ],
        [`Dasar hukum: ${reminder.rule.legalBasis}`],
        caseLink(facts, language),
        [FOOTER.id],
      ].filter((p) => p.length > 0),
      language,
    );
  }
  return render(
    `[Netral] Deadline reminder: ${reminder.rule.gloss} — case ${facts.caseId}`,
    [
      [`Dear ${recipientName},`],
      [
        `The deadline "${reminder.rule.gloss}" (${reminder.rule.name}) for ${asnLine(facts, language)} falls on ${due}` +
          (left > 0 ? `, ${left} working day${left === 1 ? '' : 's'} from now.` : ', which is today.'),
      ],
      [`Legal basis: ${reminder.rule.legalBasis}`],
      caseLink(facts, language),
      [FOOTER.en],
    ].filter((p) => p.length > 0),
    language,
  );
}

export function escalationMessage(
  facts: CaseFacts,
  escalation: EscalationFacts,
  recipientName: string,
  language: NotificationLanguage,
): EmailContent {
  const due = formatDate(escalation.dueDate, language);
  const next = escalation.nextStep;
  const unit = UNIT_LABELS[escalation.rule.unit]?.[language] ?? escalation.rule.unit;
  if (language === 'id') {
    return render(
      `[Netral] Eskalasi tahap ${escalation.step}: ${escalation.rule.name} terlewat — kasus ${facts.caseId}`,
      [
        [`Yth. ${recipientName},`],
        [
          `Tenggat "${escalation.rule.name}" untuk ${asnLine(facts, language)} telah terlewati sejak ${due}. ` +
            `Yang bertanggung jawab: ${escalation.responsible}. Mohon segera ditindaklanjuti.`,
        ],
        [
          next
            ? `Langkah eskalasi berikutnya: kepada ${roleLabel(next.recipientRole, language)}, ` +
              `${next.after} ${unit} setelah jatuh tempo.`
            : 'Ini langkah eskalasi terakhir.',
        ],
        [`Dasar hukum: ${escalation.rule.legalBasis}`],
        caseLink(facts, language),
        [FOOTER.id],
      ].filter((p) => p.length > 0),
      language,
    );
  }
  return render(
    `[Netral] Escalation step ${escalation.step}: ${escalation.rule.gloss} missed — case ${facts.caseId}`,
    [
      [`Dear ${recipientName},`],
      [
        `The deadline "${escalation.rule.gloss}" (${escalation.rule.name}) for ${asnLine(facts, language)} has ` +
          `been missed since ${due}. Responsible: ${escalation.responsible}. Please act on it.`,
      ],
      [
        next
          ? `Next escalation step: to the ${roleLabel(next.recipientRole, language)}, ${next.after} ${unit} ` +
            'after the due date.'
          : 'This is the last escalation step.',
      ],
      [`Legal basis: ${escalation.rule.legalBasis}`],
      caseLink(facts, language),
      [FOOTER.en],
    ].filter((p) => p.length > 0),
    language,
  );
}

export function digestEmail(
  digest: DigestFacts,
  recipientName: string,
  language: NotificationLanguage,
): EmailContent {
  const overdue = digest.items.filter((i) => i.overdue);
  const upcoming = digest.items.filter((i) => !i.overdue);
  const line = (item: DigestItem): Paragraph => {
    const text =
      language === 'id'
        ? `${item.overdue ? 'TERLEWAT — ' : ''}kasus ${item.caseId}: ${item.name}, jatuh tempo ${formatDate(item.dueDate, language)}`
        : `${item.overdue ? 'OVERDUE — ' : ''}case ${item.caseId}: ${item.name}, due ${formatDate(item.dueDate, language)}`;
    return item.url ? [`${text} `, { href: item.url, label: language === 'id' ? 'buka' : 'open' }] : [text];
  };
  const date = formatDate(digest.date, language);
  const subject =
    language === 'id'
      ? `[Netral] Ringkasan tenggat ${date}: ${overdue.length} terlewat, ${upcoming.length} jatuh tempo`
      : `[Netral] Deadline digest ${date}: ${overdue.length} overdue, ${upcoming.length} due`;
  const intro =
    language === 'id'
      ? `Yth. ${recipientName}, berikut tenggat kasus Anda: ${overdue.length} terlewat dan ${upcoming.length} jatuh tempo minggu ini.`
      : `Dear ${recipientName}, these are your cases' deadlines: ${overdue.length} overdue and ${upcoming.length} due this week.`;
  return render(
    subject,
    [[intro], ...overdue.map(line), ...upcoming.map(line), [FOOTER[language]]],
    language,
  );
}
