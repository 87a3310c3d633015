/**
 * The agency directory: who notifications reach. Admins of an agency maintain their own agency's entry and
 * people (national admins any agency's); supervisors may read it. Another agency's directory is a 404.
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles, assertAgencyAccess, notFoundProblem } from '../platform';
import { AgencyParamPipe, PersonIdParamPipe } from './params';
// Value imports on purpose: the validation pipe reads these classes from the parameters' design types.
import {
  DirectoryAgencyBody,
  DirectoryAgencyView,
  DirectoryPersonBody,
  DirectoryPersonView,
  DirectoryView,
} from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('directory')
@Controller('directory')
@ApiParam({ name: 'agency', description: 'Agency slug', example: 'kota-bekasi' })
export class DirectoryController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @Get(':agency')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    operationId: 'getDirectory',
    summary: 'An agency’s directory: its time zone and the people notifications reach',
  })
  @ApiOkResponse({ type: DirectoryView })
  async get(
    @Param('agency', AgencyParamPipe) agency: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DirectoryView> {
    assertAgencyAccess(user, agency, 'agency');
    return this.notifications.directoryOf(agency);
  }

  @Put(':agency')
  @Roles('admin')
  @ApiOperation({
    operationId: 'putDirectoryAgency',
    summary: 'Set an agency’s name and the zone of its office hours',
  })
  @ApiOkResponse({ type: DirectoryAgencyView })
  putAgency(
    @Param('agency', AgencyParamPipe) agency: string,
    @Body() body: DirectoryAgencyBody,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DirectoryAgencyView> {
    assertAgencyAccess(user, agency, 'agency');
    return this.notifications.directory.putAgency({ agency, name: body.name, timeZone: body.timeZone });
  }

  @Put(':agency/people/:personId')
  @Roles('admin')
  @ApiParam({ name: 'personId', description: 'The id their token carries (sub), e.g. officer-kota-bekasi' })
  @ApiOperation({
    operationId: 'putDirectoryPerson',
    summary: 'Add or change a person: roles they are notified in, e-mail address, language',
  })
  @ApiOkResponse({ type: DirectoryPersonView })
  putPerson(
    @Param('agency', AgencyParamPipe) agency: string,
    @Param('personId', PersonIdParamPipe) personId: string,
    @Body() body: DirectoryPersonBody,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DirectoryPersonView> {
    assertAgencyAccess(user, agency, 'agency');
    return this.notifications.directory.putPerson({
      agency,
      personId,
      name: body.name,
      email: body.email ?? null,
      roles: [...new Set(body.roles)],
      language: body.language ?? 'id',
    });
  }

  @Delete(':agency/people/:personId')
  @Roles('admin')
  @HttpCode(204)
  @ApiParam({ name: 'personId' })
  @ApiOperation({ operationId: 'deleteDirectoryPerson', summary: 'Remove a person from the directory' })
  @ApiNoContentResponse()
  async removePerson(
    @Param('agency', AgencyParamPipe) agency: string,
    @Param('personId', PersonIdParamPipe) personId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    assertAgencyAccess(user, agency, 'agency');
    if (!(await this.notifications.directory.removePerson(agency, personId))) throw notFoundProblem('person');
  }
}
