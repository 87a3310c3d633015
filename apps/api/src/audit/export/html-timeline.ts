/**
 * The printable case file: a self-contained HTML page in Bahasa Indonesia with the case's particulars and
 * a timeline of every event (date, stage, what happened, by whom, details), with a print stylesheet (A4).
 * Every value from the case is HTML-escaped: case data is typed in by people and must never become markup,
 * and invisible format characters (a right-to-left override making "Dedi" read as another name) are shown
 * as [U+XXXX] markers instead of acting on the text.
 * The page has no script at all.
 */
import { type CaseEvent, type CaseState, evolve, initialState, neutraliseForDisplay } from '@netral/domain';
import type { AuditEvent } from '../case-history.service';
import type { CaseVerification } from '../integrity.service';
import { eventName, formatCivilDate, formatInstant, roleName, stageName } from './indonesian';

export interface CaseFile {
  caseId: string;
  exportedAt: string;
  exportedBy: { id: string; role: string; agency: string; name: string };
  state: CaseState;
  events: AuditEvent[];
  verification: CaseVerification;
  confidentialRedacted: boolean;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes markup, and shows invisible format characters (bidi overrides, …) as visible [U+XXXX] markers. */
export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return neutraliseForDisplay(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Field names in event data, in words (the rest are shown by their own name). */
const FIELD_NAMES: Record<string, string> = {
  officerId: 'Petugas',
  officerName: 'Nama petugas',
  letterNumber: 'Nomor surat',
  letterReference: 'Nomor surat',
  letterDate: 'Tanggal surat',
  reportReference: 'Nomor laporan',
  decreeNumber: 'Nomor keputusan',
  decreeDate: 'Tanggal keputusan',
  summary: 'Ringkasan',
  result: 'Hasil',
  likelyLevel: 'Perkiraan tingkat hukuman',
  body: 'Instansi',
  proven: 'Terbukti',
  action: 'Tindak lanjut',
  sanctionCode: 'Kode hukuman',
  moralSanctionCode: 'Kode sanksi moral',
  payScheme: 'Skema tunjangan instansi',
  violationReading: 'Tafsir katalog pelanggaran',
  membershipProofRef: 'Bukti keanggotaan partai politik',
  periodMonths: 'Lama (bulan)',
  deliveredOn: 'Tanggal penyampaian',
  hearingDate: 'Tanggal pemeriksaan',
  filedOn: 'Tanggal pengajuan',
  grounds: 'Alasan',
  outcome: 'Hasil',
  reason: 'Alasan',
  dueDate: 'Jatuh tempo',
  deadlineId: 'Tenggat',
  number: 'Nomor',
  signedOn: 'Tanggal tanda tangan',
  attended: 'Hadir',
  sequence: 'Panggilan ke-',
  violationType: 'Jenis pelanggaran',
  conduct: 'Uraian perbuatan',
  effectiveOn: 'Berlaku sejak',
  endsOn: 'Berakhir pada',
  source: 'Sumber laporan',
  reportedAsn: 'ASN terlapor',
  election: 'Pemilihan',
  evidence: 'Bukti',
  by: 'Oleh',
  kind: 'Jenis',
  reference: 'Nomor',
  receivedOn: 'Diterima',
  occurredOn: 'Tanggal terjadi',
  // Auditors see which dates no one gave: the recording day stood in for them.
  occurredOnDefaulted: 'Tanggal terjadi tidak diisi (memakai tanggal pencatatan)',
  nip: 'NIP',
  name: 'Nama',
  position: 'Jabatan',
  unit: 'Unit kerja',
  employeeType: 'Jenis pegawai',
  year: 'Tahun',
  ref: 'Kode',
  description: 'Uraian',
  members: 'Anggota',
  role: 'Peran',
  reporter: 'Pelapor',
  address: 'Alamat',
  contact: 'Kontak',
  agency: 'Instansi',
};

/** Fields not worth a line in the timeline (bookkeeping, or shown elsewhere). */
const HIDDEN_FIELDS = new Set([
  'at',
  'caseId',
  'catalogueVersions',
  'agency',
  'timeZone',
  'calendarVersion',
  'policyVersion',
]);

/** A value in words: dates in Indonesian, nested records as "Nama: …, NIP: …", lists joined by "; ". */
function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'boolean') return value ? 'ya' : 'tidak';
  if (typeof value === 'string') return formatCivilDate(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(displayValue).join('; ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => `${FIELD_NAMES[k] ?? k}: ${displayValue(v)}`)
      .join(', ');
  }
  return String(value);
}

function detailsOf(event: AuditEvent): string {
  if (event.redacted) return '<em>(dirahasiakan: identitas pelapor, UU 14/2008 Pasal 17 huruf a)</em>';
  const data =
    event.data !== null && typeof event.data === 'object' ? (event.data as Record<string, unknown>) : {};
  const rows = Object.entries(data)
    .filter(
      ([key, value]) => !HIDDEN_FIELDS.has(key) && value !== null && value !== undefined && value !== '',
    )
    .map(
      ([key, value]) =>
        `<div><span class="k">${escapeHtml(FIELD_NAMES[key] ?? key)}:</span> ${escapeHtml(displayValue(value))}</div>`,
    );
  if (event.reason)
    rows.push(`<div><span class="k">Alasan/rujukan:</span> ${escapeHtml(event.reason)}</div>`);
  return rows.join('');
}

const STYLE = `
  body { font-family: "Times New Roman", Georgia, serif; color: #111; margin: 2rem auto; max-width: 60rem; line-height: 1.4; }
  h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
  h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #bbb; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; font-size: 0.92rem; }
  th { background: #eee; }
  dl.identitas { display: grid; grid-template-columns: 14rem 1fr; gap: 0.2rem 1rem; }
  dl.identitas dt { font-weight: bold; }
  .k { font-weight: bold; }
  .rusak { color: #a00; font-weight: bold; }
  .utuh { color: #060; font-weight: bold; }
  .tahap-baru { font-weight: bold; }
  .kecil { font-size: 0.8rem; color: #444; word-break: break-all; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10.5pt; }
    h2 { break-after: avoid; }
    tr { break-inside: avoid; }
    thead { display: table-header-group; }
    th { background: none; }
    @page { size: A4; margin: 1.8cm 1.5cm; }
  }`;

export function caseFileHtml(file: CaseFile): string {
  const s = file.state;
  const tz = s.timeZone;
  const asn = s.reportedAsn;
  const v = file.verification;
  const integrity = v.ok
    ? `<span class="utuh">Utuh</span>: rantai hash ${v.eventsChecked} peristiwa terverifikasi.`
    : `<span class="rusak">RUSAK</span> pada versi ${escapeHtml(v.firstInvalid?.version)}: ${escapeHtml(v.firstInvalid?.reason)} ` +
      `(hash seharusnya ${escapeHtml(v.firstInvalid?.expectedHash)}, tersimpan ${escapeHtml(v.firstInvalid?.storedHash ?? '-')}).`;

  let state: CaseState = initialState;
  const rows = file.events.map((e, i) => {
    const before = state.stage;
    state = evolve(state, { type: e.type, data: e.data } as CaseEvent);
    const changed = state.stage !== before;
    return `<tr>
        <td>${i + 1}</td>
        <td>${escapeHtml(formatInstant(e.occurredAt, tz))}</td>
        <td${changed ? ' class="tahap-baru"' : ''}>${escapeHtml(stageName(state.stage))}</td>
        <td>${escapeHtml(eventName(e.type))}</td>
        <td>${escapeHtml(e.actor.id)}<br><span class="kecil">${escapeHtml(roleName(e.actor.role))}</span></td>
        <td>${detailsOf(e)}<div class="kecil">versi ${e.version} · hash ${escapeHtml(e.hash.slice(0, 16))}…</div></td>
      </tr>`;
  });

  const particulars: [string, unknown][] = [
    ['Nomor kasus', file.caseId],
    ['Instansi', s.agency],
    ['Tahap saat ini', stageName(s.stage)],
    ['Terdaftar', s.registeredAt ? formatInstant(s.registeredAt, tz) : '-'],
    ['ASN terlapor', asn ? `${asn.name}${asn.nip ? ` (NIP ${asn.nip})` : ''}` : '-'],
    ['Jabatan / unit kerja', asn ? `${asn.position}, ${asn.unit}` : '-'],
    ['Jenis pelanggaran', s.violationType ?? '-'],
    ['Uraian perbuatan', s.conduct ?? '-'],
    [
      'Sumber laporan',
      s.source ? `${s.source.kind}${s.source.reference ? `, ${s.source.reference}` : ''}` : '-',
    ],
    ['Petugas kasus', s.assignedOfficer ? (s.assignedOfficer.name ?? s.assignedOfficer.id) : '-'],
    ['Hasil akhir', s.closure ? s.closure.outcome : '-'],
  ];

  return `<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Berkas Kasus ${escapeHtml(file.caseId)}</title>
<style>${STYLE}
</style>
</head>
<body>
<header>
  <h1>Berkas Kasus Pelanggaran Netralitas ASN</h1>
  <div>Nomor kasus: <strong>${escapeHtml(file.caseId)}</strong></div>
</header>
<h2>Identitas Kasus</h2>
<dl class="identitas">
${particulars.map(([k, val]) => `  <dt>${escapeHtml(k)}</dt><dd>${escapeHtml(val)}</dd>`).join('\n')}
</dl>
<h2>Keutuhan Catatan</h2>
<p>${integrity}</p>
<h2>Kronologi</h2>
<table>
  <thead><tr><th>No.</th><th>Waktu</th><th>Tahap</th><th>Peristiwa</th><th>Oleh</th><th>Keterangan</th></tr></thead>
  <tbody>
  ${rows.join('\n  ')}
  </tbody>
</table>
<footer>
  <p class="kecil">Dicetak ${escapeHtml(formatInstant(file.exportedAt, tz))} oleh ${escapeHtml(file.exportedBy.name)}
  (${escapeHtml(roleName(file.exportedBy.role))}, ${escapeHtml(file.exportedBy.agency)}).${
    file.confidentialRedacted ? ' Identitas pelapor dirahasiakan untuk peran ini.' : ''
  } Setiap akses ke berkas ini tercatat.</p>
</footer>
</body>
</html>
`;
}
