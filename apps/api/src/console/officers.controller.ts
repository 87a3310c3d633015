/**
 * `GET /officers`: the case officers known in the caller's agency, for the assignment form. Netral keeps no
 * user directory (identities live at the OIDC provider), so "known" means: assigned to a case, or seen
 * reading cases with the officer role (the access log). An officer not yet known can still be assigned by id.
 */
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CASE_ACCESS_LOG_TABLE, CASE_SUMMARY_TABLE } from '@netral/event-store';
import { IsOptional, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../infrastructure';
import { agencyScope, assertAgencyAccess, type AuthenticatedUser, CurrentUser } from '../platform';
import { OfficerListView, type OfficerView } from './sign-in.dto';

export class OfficersQuery {
  @ApiProperty({ required: false, description: 'Agency slug within your scope', example: 'kota-bekasi' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'agency must be an agency slug such as kota-bekasi' })
  agency?: string;
}

@ApiTags('console')
@Controller('officers')
export class OfficersController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    operationId: 'listOfficers',
    summary: 'Case officers known in your agency (for assignment)',
    description:
      'Officers assigned to a case of the agency or who have read its cases with the officer role, by name. ' +
      'National tokens pass `agency`.',
  })
  @ApiOkResponse({ type: OfficerListView })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: OfficersQuery,
  ): Promise<OfficerListView> {
    if (query.agency) assertAgencyAccess(user, query.agency, 'agency');
    const agency = query.agency ?? agencyScope(user) ?? null;
    const rows = (await this.dataSource.query(
      `WITH known AS (
         SELECT officer_id AS id, state->'assignedOfficer'->>'name' AS name, agency, updated_at AS seen
           FROM ${CASE_SUMMARY_TABLE}
          WHERE officer_id IS NOT NULL AND ($1::text IS NULL OR agency = $1)
         UNION ALL
         SELECT actor_id, actor_name, actor_agency, accessed_at
           FROM ${CASE_ACCESS_LOG_TABLE}
          WHERE actor_role = 'officer' AND ($1::text IS NULL OR actor_agency = $1))
       SELECT DISTINCT ON (id, agency) id, name, agency FROM known
        ORDER BY id, agency, (name IS NULL), seen DESC`,
      [agency],
    )) as OfficerView[];
    rows.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id, 'id'));
    return { items: rows.slice(0, 500) };
  }
}
