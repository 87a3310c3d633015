/**
 * OpenAPI schemas of GET /catalogues: every code an officer or a client may send or read, with its legal
 * basis. No free-form `object` types: each entry is described field by field.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CLOSING_OUTCOMES,
  CONFIDENCE_LEVELS,
  DEADLINE_RULE_IDS,
  EMPLOYEE_TYPES,
  PAY_SCHEMES,
  REPORT_SOURCES,
  ROLES,
  SANCTION_LEVELS,
  STAGES,
  COMMAND_TYPES,
} from '@netral/domain';
import { PreconditionView } from '../cases/views';

export class CodeNameView {
  @ApiProperty({ example: 'inspektorat' }) code!: string;
  @ApiProperty({ description: 'Name in Indonesian', example: 'Inspektorat' }) name!: string;
  @ApiProperty({ description: 'English gloss', example: 'internal oversight body' }) gloss!: string;
  @ApiProperty({ description: 'Regulation or source', example: 'PP 94/2021' }) legalBasis!: string;
}

/** A catalogue entry's legal basis and how sure we are of it (domain.md markers, as fields). */
export class SourcedView {
  @ApiProperty({
    description: 'The citation only, as a letter cites it (no confidence markers)',
    example: 'PP 94/2021 Ps 8 ayat (3)',
  })
  legalBasis!: string;
  @ApiProperty({
    enum: CONFIDENCE_LEVELS,
    description:
      'C cited from the regulation text (pasti), S secondary sources only (sumber sekunder), I interpretation or setting (tafsiran)',
    example: 'C',
  })
  confidence!: string;
  @ApiPropertyOptional({
    description: 'Why an S or I entry is not C, or a caveat',
    example: 'the SKB 2022 annex as secondary sources give it',
  })
  confidenceNote?: string;
}

export class SanctionView extends SourcedView {
  @ApiProperty({ example: 'PEMOTONGAN_TUKIN_25' }) code!: string;
  @ApiProperty({ example: 'pemotongan tunjangan kinerja sebesar 25%' }) name!: string;
  @ApiProperty({ example: '25% performance-allowance cut' }) gloss!: string;
  @ApiProperty({ enum: ['disciplinary', 'moral'] }) kind!: string;
  @ApiProperty({ enum: SANCTION_LEVELS }) level!: string;
  @ApiProperty({ description: 'Order within a kind (higher = heavier)', example: 4 }) severity!: number;
  @ApiProperty({
    type: [Number],
    description: 'Allowed periods in months; empty = not time-bound',
    example: [6, 9, 12],
  })
  periodMonths!: number[];
  @ApiProperty({ description: 'A dismissal: appealed by banding to BPASN (PP 79/2021)' }) dismissal!: boolean;
  @ApiProperty({ description: 'Needs a Tim Pemeriksa (PP 94/2021)' }) requiresTimPemeriksa!: boolean;
  @ApiProperty({ description: 'Only the PPK may decide it (no delegation)' }) ppkOnly!: boolean;
  @ApiProperty({ enum: EMPLOYEE_TYPES, isArray: true }) appliesTo!: string[];
  @ApiProperty({
    enum: PAY_SCHEMES,
    isArray: true,
    description:
      'Agency pay schemes the sanction fits (the sedang variants); empty = any. A decision outside the case’s scheme is refused with SANCTION_NOT_FOR_PAY_SCHEME',
  })
  paySchemes!: string[];
  @ApiProperty({
    description:
      'Decided on its own track (PTDH for party membership: follow-up action ptdh_partai), never after the PP 94/2021 hearing',
  })
  ownTrack!: boolean;
}

export class SanctionCatalogueView {
  @ApiProperty({ example: '2026.2' }) version!: string;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: [String] }) legalBasis!: string[];
  @ApiProperty({
    description:
      'Whether a moral sanction can be objected to by keberatan: unsettled in law [I], off by default (domain.md)',
  })
  moralSanctionObjection!: boolean;
  @ApiProperty({ type: [SanctionView] }) sanctions!: SanctionView[];
}

export class ViolationView extends SourcedView {
  @ApiProperty({ example: 'PP94_5N_1_IKUT_KAMPANYE' }) code!: string;
  @ApiProperty({ example: 'ikut kampanye' }) name!: string;
  @ApiProperty({ example: 'joining a campaign' }) gloss!: string;
  @ApiProperty({ enum: SANCTION_LEVELS, isArray: true, description: 'Sanction levels the catalogue allows' })
  allowedLevels!: string[];
  @ApiProperty({
    type: [String],
    description: 'Codes of the sanctions those levels allow',
    example: ['PEMOTONGAN_TUKIN_25'],
  })
  allowedSanctions!: string[];
  @ApiProperty({
    type: () => [ViolationReadingLevelsView],
    description: 'Levels and sanctions under each reading (where sources differ, every reading is listed)',
  })
  byReading!: ViolationReadingLevelsView[];
}

export class ViolationReadingLevelsView {
  @ApiProperty({ example: 'ketat' }) reading!: string;
  @ApiProperty({ enum: SANCTION_LEVELS, isArray: true }) allowedLevels!: string[];
  @ApiProperty({ type: [String], example: ['PENURUNAN_JABATAN', 'PERNYATAAN_TERBUKA'] })
  allowedSanctions!: string[];
}

export class ViolationReadingView extends SourcedView {
  @ApiProperty({ example: 'moral_dan_disiplin' }) code!: string;
  @ApiProperty({ example: 'sanksi moral dan hukuman disiplin' }) name!: string;
  @ApiProperty({ example: 'moral and disciplinary levels, as the SKB 2022 annex lists them' }) gloss!: string;
}

export class ViolationCatalogueView {
  @ApiProperty({ example: 'skb-2022.3' }) version!: string;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: [String] }) legalBasis!: string[];
  @ApiProperty({
    description: 'The reading of allowedLevels; an administrator may choose another per agency',
    example: 'moral_dan_disiplin',
  })
  defaultReading!: string;
  @ApiProperty({ type: [ViolationReadingView] }) readings!: ViolationReadingView[];
  @ApiProperty({ type: [ViolationView] }) violations!: ViolationView[];
}

export class SupervisoryBodyPeriodView extends SourcedView {
  @ApiProperty({ example: 'BKN' }) body!: string;
  @ApiProperty({ example: 'Badan Kepegawaian Negara' }) name!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Inclusive; null = still in office',
  })
  to!: string | null;
}

export class SupervisoryBodiesView {
  @ApiProperty({ example: '2024-08.2' }) version!: string;
  @ApiProperty({ type: [SupervisoryBodyPeriodView] }) periods!: SupervisoryBodyPeriodView[];
}

export class AgencyView extends SourcedView {
  @ApiProperty({ description: 'The `agency` claim of its tokens', example: 'kota-bekasi' }) code!: string;
  @ApiProperty({ example: 'Pemerintah Kota Bekasi' }) name!: string;
  @ApiProperty({ enum: ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] }) timeZone!: string;
  @ApiProperty({
    enum: PAY_SCHEMES,
    description:
      'Decides the sedang variant: tukin, TPP, or the PP 53/2010 transitional set (PP 94/2021 Ps 42)',
  })
  payScheme!: string;
}

export class AgenciesView {
  @ApiProperty({ example: '2026.1' }) version!: string;
  @ApiProperty({ type: [AgencyView] }) agencies!: AgencyView[];
}

export class DeadlineRuleView {
  @ApiProperty({ enum: DEADLINE_RULE_IDS }) id!: string;
  @ApiProperty({ example: 'keberatan' }) name!: string;
  @ApiProperty() gloss!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'null: the length comes from the decision (sanction period)',
  })
  length!: number | null;
  @ApiProperty({ enum: ['working_days', 'calendar_days', 'months'] }) unit!: string;
  @ApiProperty({
    enum: ['C', 'S', 'I'],
    description: 'C confirmed, S secondary source, I inference (a setting)',
  })
  confidence!: string;
  @ApiProperty() legalBasis!: string;
}

export class DeadlinePolicyView {
  @ApiProperty({ example: '2025.1' }) version!: string;
  @ApiProperty({ type: [DeadlineRuleView] }) rules!: DeadlineRuleView[];
}

export class CommandRuleView {
  @ApiProperty({ enum: COMMAND_TYPES }) type!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'Roles that may issue it' }) roles!: string[];
  @ApiProperty({ enum: STAGES, isArray: true, description: 'Stages in which it is possible' })
  stages!: string[];
  @ApiProperty({ type: [PreconditionView], description: 'Further conditions on the case' })
  preconditions!: PreconditionView[];
  @ApiProperty({ description: 'Issued by the workflow itself, not over HTTP' }) system!: boolean;
}

export class TimPemeriksaRoleView extends CodeNameView {
  @ApiProperty({ description: 'Every Tim Pemeriksa needs a member in this role' }) required!: boolean;
}

export class CataloguesView {
  @ApiProperty({ type: SanctionCatalogueView }) sanctions!: SanctionCatalogueView;
  @ApiProperty({ type: ViolationCatalogueView }) violations!: ViolationCatalogueView;
  @ApiProperty({ type: SupervisoryBodiesView }) supervisoryBodies!: SupervisoryBodiesView;
  @ApiProperty({ type: AgenciesView }) agencies!: AgenciesView;
  @ApiProperty({ type: DeadlinePolicyView }) deadlinePolicy!: DeadlinePolicyView;
  @ApiProperty({ type: [CodeNameView], description: `Employee types (${EMPLOYEE_TYPES.join(', ')})` })
  employeeTypes!: CodeNameView[];
  @ApiProperty({ type: [CodeNameView], description: 'Who clarifies a report (klarifikasi)' })
  clarifyingBodies!: CodeNameView[];
  @ApiProperty({ type: [CodeNameView], description: 'Who sends recommendations (Bawaslu, KASN, BKN)' })
  recommendingBodies!: CodeNameView[];
  @ApiProperty({ type: [CodeNameView], description: `Report sources (${REPORT_SOURCES.join(', ')})` })
  reportSources!: CodeNameView[];
  @ApiProperty({ type: [CodeNameView], description: 'Election kinds' }) electionKinds!: CodeNameView[];
  @ApiProperty({ type: [TimPemeriksaRoleView] }) timPemeriksaRoles!: TimPemeriksaRoleView[];
  @ApiProperty({ type: [CodeNameView] }) deliveryMethods!: CodeNameView[];
  @ApiProperty({ type: [CodeNameView] }) objectionOutcomes!: CodeNameView[];
  @ApiProperty({ type: [CodeNameView], description: `Closing outcomes (${CLOSING_OUTCOMES.join(', ')})` })
  closingOutcomes!: CodeNameView[];
  @ApiProperty({
    type: [CodeNameView],
    description: 'Outcomes of a Sentra Gakkumdu referral (election crimes, UU 7/2017 Ps 486)',
  })
  criminalReferralOutcomes!: CodeNameView[];
  @ApiProperty({ type: [CodeNameView], description: 'Stages of a case, in lifecycle order' })
  stages!: CodeNameView[];
  @ApiProperty({
    type: [CommandRuleView],
    description: 'Every command with its roles, stages and preconditions',
  })
  commands!: CommandRuleView[];
}
