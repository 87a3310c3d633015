/**
 * Request and response shapes of the documents API, validated (class-validator) and documented (OpenAPI).
 * Multipart fields arrive as text, so numbers and booleans are read from their text form.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_FACTS, NIP_PATTERN } from '@netral/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OneOf, OptionalText, Text } from '../cases/commands/validation';
import { DocumentTemplateRefView } from '../cases/views/case-facts';

export class UploadDocumentForm {
  @OneOf(DOCUMENT_FACTS, 'The fact the document proves', { example: 'surat_panggilan' })
  fact!: string;

  @ApiPropertyOptional({
    description: 'Which one, for facts that occur more than once (summons II = 2)',
    example: '1',
  })
  @IsOptional()
  @Matches(/^[1-9]\d?$/, { message: 'sequence must be a whole number from 1 to 99' })
  sequence?: string;

  @OptionalText('Title shown in the case file; default: the file name', 'Surat Panggilan I (ditandatangani)')
  title?: string;

  @ApiPropertyOptional({
    description: 'The document names the reporter (hidden from roles that may not see it)',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  identifiesReporter?: string;

  @ApiPropertyOptional({
    description: 'SHA-256 of the file as the client computed it (hex); a mismatch is refused',
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256?: string;

  @OptionalText('Why (audit reason, e.g. the letter number)', 'Scan surat panggilan bertanda tangan')
  reason?: string;
}

/** The OpenAPI schema of the upload (the file part is read by the upload interceptor, not the DTO). */
export const UPLOAD_BODY_SCHEMA = {
  type: 'object',
  required: ['file', 'fact'],
  properties: {
    file: { type: 'string', format: 'binary', description: 'PDF, JPEG or PNG; type read from the content' },
    fact: { type: 'string', enum: [...DOCUMENT_FACTS] },
    sequence: { type: 'string', example: '1' },
    title: { type: 'string' },
    identifiesReporter: { type: 'string', enum: ['true', 'false'] },
    sha256: { type: 'string', description: 'hex SHA-256 the server must receive' },
    reason: { type: 'string' },
  },
};

export class FactView {
  @ApiProperty({ enum: DOCUMENT_FACTS }) kind!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty({ description: 'Indonesian name of the fact', example: 'Surat panggilan I' }) name!: string;
}

export class DocumentView {
  @ApiProperty({ example: 'DOC-7KQ2M9XD4HBA' }) documentId!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ type: FactView }) fact!: FactView;
  @ApiProperty({
    description: 'Number of the letter, decree or report the document proves',
    example: 'PGL-1/2025',
  })
  factReference!: string;
  @ApiProperty({
    description:
      'True when the document identifies the reporter and this caller may not see it: only the fact is shown',
  })
  withheld!: boolean;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() fileName?: string;
  @ApiPropertyOptional({ enum: DOCUMENT_CONTENT_TYPES }) contentType?: string;
  @ApiPropertyOptional() size?: number;
  @ApiProperty({ description: 'SHA-256 (hex) recorded in the DocumentAttached event' }) sha256!: string;
  @ApiProperty({ enum: ['uploaded', 'generated'] }) origin!: string;
  @ApiPropertyOptional({ type: DocumentTemplateRefView, nullable: true })
  template?: { id: string; version: string } | null;
  @ApiProperty() identifiesReporter!: boolean;
  @ApiProperty() round!: number;
  @ApiProperty({ description: 'Stream version of the DocumentAttached event' }) version!: number;
  @ApiProperty({ description: 'Hash of that event in the case chain' }) eventHash!: string;
  @ApiProperty() attachedAt!: string;
  @ApiPropertyOptional() attachedBy?: string;
  @ApiPropertyOptional({ example: '/cases/NTR-7KQ2M9XD4HBA/documents/DOC-7KQ2M9XD4HBA/content' })
  contentUrl?: string;
}

/** A letter template as offered for one case: whether the case has the facts it is rendered from. */
export class LetterOfferView {
  @ApiProperty({ example: 'surat_panggilan_1' }) id!: string;
  @ApiProperty({ example: 'Surat Panggilan I' }) name!: string;
  @ApiProperty({ type: FactView, description: 'The fact the letter records' }) fact!: FactView;
  @ApiProperty({ description: 'The command whose data the draft is rendered from', example: 'IssueSummons' })
  command!: string;
  @ApiProperty({ description: 'The case has every fact the letter is rendered from (it can be issued)' })
  available!: boolean;
  @ApiProperty({
    type: [FactView],
    description: 'Facts the case has not recorded yet in this round (issuing would be refused: UNKNOWN_FACT)',
  })
  missingFacts!: FactView[];
  @ApiPropertyOptional({ description: 'The attached letter, once issued in this round' })
  issuedDocumentId?: string;
}

export class LetterOfferListView {
  @ApiProperty({ description: 'Version of the letter templates' }) templatesVersion!: string;
  @ApiProperty({ type: [LetterOfferView] }) items!: LetterOfferView[];
}

export class DocumentListView {
  @ApiProperty({ type: [DocumentView] }) items!: DocumentView[];
}

export class DocumentCheckView {
  @ApiProperty() documentId!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ enum: ['ok', 'altered', 'missing'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the bytes stored now' })
  actualSha256!: string | null;
}

export class DocumentVerificationView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ description: 'Every stored file matches its recorded hash and the event chain is intact' })
  ok!: boolean;
  @ApiProperty({ description: 'The case hash chain (events) is intact' }) chainOk!: boolean;
  @ApiProperty({ type: String, nullable: true }) headHash!: string | null;
  @ApiProperty() headVersion!: number;
  @ApiProperty({ type: [DocumentCheckView] }) documents!: DocumentCheckView[];
}

/** A signatory's NIP (the domain's pattern), or "-" where the signatory has none. */
const NIP_OR_DASH = new RegExp(`${NIP_PATTERN.source}|^-$`);

export class SignatoryDto {
  @Text('Name with titles', 'Drs. Hendra Gunawan, M.Si.') name!: string;
  @ApiProperty({ example: '197205151998031004' })
  @Matches(NIP_OR_DASH, { message: 'nip must be 18 digits (or "-")' })
  nip!: string;
  @Text('Position (jabatan)', 'Camat Bekasi Timur') position!: string;
}

export class LetterExtrasDto {
  @OptionalText('Hearing time of a summons', '09.00 WIB', 40) hearingTime?: string;
  @OptionalText('Hearing place of a summons', 'Ruang Rapat Inspektorat Lt. 2') hearingPlace?: string;
  @ApiPropertyOptional({
    type: SignatoryDto,
    description: "Signs this letter instead of the agency's default signatory",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignatoryDto)
  signatory?: SignatoryDto;
}

export class LetterDraftDto extends LetterExtrasDto {
  @ApiProperty({
    description:
      "The body of the command that will record the letter's fact (as for its endpoint, e.g. POST /cases/{id}/summons)",
    example: {
      sequence: 1,
      letterNumber: 'PGL-1/2025',
      issuedOn: '2025-01-13',
      deliveredOn: '2025-01-13',
      deliveryProofRef: 'TT-1',
      hearingDate: '2025-01-22',
    },
  })
  @IsObject()
  command!: Record<string, unknown>;
}

export class LetterheadDto {
  @ApiProperty({ example: ['PEMERINTAH KOTA BEKASI', 'INSPEKTORAT DAERAH'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  lines!: string[];
  @OptionalText('Address line', 'Jl. Jend. Ahmad Yani No. 1, Bekasi 17141') address?: string;
  @Text('City where letters are signed', 'Bekasi', 60) city!: string;
}

/**
 * The agency's default signatory for each role a template signs as. Each one is checked like a letter's own
 * signatory: unchecked, a number or an empty object was kept and then printed into every letter.
 */
export class SignatoriesDto {
  @ApiPropertyOptional({ type: SignatoryDto, description: 'Inspektur (e.g. clarification letters)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignatoryDto)
  inspektur?: SignatoryDto;

  @ApiPropertyOptional({
    type: SignatoryDto,
    example: {
      name: 'Drs. Hendra Gunawan, M.Si.',
      nip: '197205151998031004',
      position: 'Camat Bekasi Timur',
    },
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignatoryDto)
  atasan_langsung?: SignatoryDto;

  @ApiPropertyOptional({ type: SignatoryDto, description: 'Pejabat Pembina Kepegawaian' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignatoryDto)
  ppk?: SignatoryDto;
}

export class LetterSettingsDto {
  @ApiProperty({ type: LetterheadDto })
  // ValidateNested lets a missing object through; without IsDefined an empty body reached the service (500).
  @IsDefined()
  @ValidateNested()
  @Type(() => LetterheadDto)
  letterhead!: LetterheadDto;

  @ApiPropertyOptional({ type: SignatoriesDto, description: 'Default signatory by role' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignatoriesDto)
  signatories?: SignatoriesDto;

  @ApiPropertyOptional({
    description: "An agency's own block lists by template id (same shape as the bundled templates)",
  })
  @IsOptional()
  @IsObject()
  templates?: Record<string, unknown>;
}
