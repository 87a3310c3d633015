/**
 * The SKB 2022 reading an agency applies where sources disagree (domain.md "Violation catalogue"): read by any
 * role, chosen by an administrator. Each choice is stored append-only with who, when and why; new cases record
 * the reading in force at registration.
 */
import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DEFAULT_CATALOGUES } from '@netral/domain';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  AGENCY_PATTERN,
  ALL_AGENCIES,
  type AuthenticatedUser,
  CurrentUser,
  ProblemException,
  Roles,
  assertAgencyAccess,
} from '../platform';
import { ViolationReadingService } from './violation-reading.service';

const READING_CODES = (DEFAULT_CATALOGUES.violations.readings ?? []).map((r) => r.code);

export class ChooseViolationReadingDto {
  @ApiProperty({
    enum: READING_CODES,
    description: 'Reading code from GET /catalogues (violations.readings)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  reading!: string;

  @ApiProperty({
    description: 'Why the agency applies this reading (recorded)',
    example: 'SE Wali Kota 800/12',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({
    description: 'The agency; required for a national administrator, else the caller’s own',
    // Explicit: `string | null` reflects as Object, which the document would show as a bare object.
    type: String,
    required: false,
    nullable: true,
    example: 'kota-bekasi',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  // A choice stored under "KOTA-BEKASI" or "../x" would never apply to any case: refuse it.
  @Matches(AGENCY_PATTERN, {
    message: 'agency must be an agency slug (lower-case letters, digits and dashes)',
  })
  agency?: string | null;
}

export class ReadingChoiceView {
  @ApiProperty({ enum: READING_CODES }) reading!: string;
  @ApiProperty({ example: 'skb-2022.2' }) catalogueVersion!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ format: 'date-time' }) chosenAt!: string;
}

export class AgencyReadingView {
  @ApiProperty({ example: 'kota-bekasi' }) agency!: string;
  @ApiProperty({ enum: READING_CODES, description: 'The reading new cases of the agency record' })
  reading!: string;
  @ApiProperty({ description: 'false: no administrator chose one, the catalogue default applies' })
  chosen!: boolean;
  @ApiProperty({ type: [ReadingChoiceView], description: 'Every choice, newest first' })
  history!: ReadingChoiceView[];
}

function agencyOf(user: AuthenticatedUser, requested: string | null | undefined): string {
  const agency = requested ?? (user.agency === ALL_AGENCIES ? null : user.agency);
  if (!agency) {
    throw new ProblemException({
      status: 422,
      code: 'AGENCY_REQUIRED',
      detail: 'A national caller names the agency.',
      detailId: 'Pengguna tingkat nasional wajib menyebut instansinya.',
    });
  }
  // The query parameter is free text (the body's is checked by its DTO): the same slug rule, so a national
  // caller asking for "../x" is told so instead of getting a default reading for an agency that cannot exist.
  if (!AGENCY_PATTERN.test(agency)) {
    const message = 'agency must be an agency slug (lower-case letters, digits and dashes)';
    throw new ProblemException({
      status: 400,
      code: 'VALIDATION_FAILED',
      title: 'Validation failed',
      detail: `The request is invalid: ${message}.`,
      detailId:
        'Permintaan tidak valid: agency harus berupa slug instansi (huruf kecil, angka, tanda hubung).',
      errors: [{ field: 'agency', constraint: 'matches', message }],
    });
  }
  assertAgencyAccess(user, agency, 'agency');
  return agency;
}

@ApiTags('catalogues')
@Controller('catalogues/violation-reading')
export class ViolationReadingController {
  constructor(private readonly readings: ViolationReadingService) {}

  @Get()
  @ApiOperation({
    operationId: 'violationReading',
    summary: 'The SKB 2022 reading an agency applies, with every choice made',
  })
  @ApiQuery({ name: 'agency', required: false, description: 'For national callers' })
  @ApiOkResponse({ type: AgencyReadingView })
  get(@CurrentUser() user: AuthenticatedUser, @Query('agency') agency?: string): Promise<AgencyReadingView> {
    return this.readings.forAgency(agencyOf(user, agency));
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    operationId: 'chooseViolationReading',
    summary: 'Choose the SKB 2022 reading for new cases of an agency (administrator; recorded)',
    description:
      'Where sources disagree on a behaviour’s levels (e.g. “likes” as berat), the catalogue carries several readings. The choice applies to cases registered afterwards; running cases keep the reading they recorded. Role: admin.',
  })
  @ApiOkResponse({ type: AgencyReadingView })
  choose(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChooseViolationReadingDto,
  ): Promise<AgencyReadingView> {
    return this.readings.choose(agencyOf(user, body.agency), body.reading, body.reason, user.id);
  }
}
