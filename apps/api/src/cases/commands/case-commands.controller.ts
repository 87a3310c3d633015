/**
 * The officer commands, one endpoint each, in the domain's words. A command answers with the case after it
 * (redacted for the caller) and its version in `ETag`; see CaseCommandService for idempotency and If-Match.
 */
import {
  applyDecorators,
  Body,
  Controller,
  HttpCode,
  Inject,
  Param,
  Post,
  Res,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type CaseCommandType, type CaseState, commandDescriptor } from '@netral/domain';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser, Roles } from '../../platform';
import { CaseCommandDocs, CaseIdPipe, CommandDocs, CommandHeaders, runCaseCommand, setETag } from '../http';
import { CaseStateView } from '../views';
import { type CommandOptions, CaseCommandService } from './case-command.service';
import { apiRolesFor } from './command-routes';
import { AwaitsIdempotencyClaim, IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import {
  ApproveSanctionDepartureDto,
  AssignOfficerDto,
  CloseCaseDto,
  ConveneMajelisKodeEtikDto,
  DecideSanctionDto,
  FileObjectionDto,
  FormTimPemeriksaDto,
  IssueSummonsDto,
  RecordAppealAnswerDto,
  RecordAttendanceDto,
  RecordBapDto,
  RecordClarificationResultDto,
  RecordDeliveryDto,
  RecordLateObjectionDto,
  RecordMajelisRecommendationDto,
  RecordObjectionOutcomeDto,
  RecordPpkFollowUpDto,
  RecordRecommendationDto,
  RegisterReportDto,
  ReopenCaseDto,
  StartClarificationDto,
  WithdrawCaseDto,
} from './command.dto';

const ETAG_HEADER = {
  ETag: { description: 'The case version, e.g. "12": send it as If-Match', schema: { type: 'string' } },
};

function describe(type: CaseCommandType): string {
  const roles = apiRolesFor(type).join(', ');
  return `${commandDescriptor(type)?.description ?? type}. Domain command \`${type}\`; roles: ${roles}.`;
}

/** POST /cases/{id}/<path> for one domain command, with its roles and documentation. */
export function CaseCommand(type: CaseCommandType, path: string, summary: string, body: Type<unknown>) {
  return applyDecorators(
    Post(`:id/${path}`),
    HttpCode(200),
    Roles(...apiRolesFor(type)),
    ApiOperation({ operationId: type, summary, description: describe(type) }),
    ApiBody({ type: body }),
    ApiOkResponse({ type: CaseStateView, description: 'The case after the command', headers: ETAG_HEADER }),
    CaseCommandDocs(),
  );
}

@ApiTags('case commands')
@ApiExtraModels(CaseStateView)
@Controller('cases')
@UseInterceptors(IdempotencyInterceptor)
// Each command goes through CaseCommandService, which waits for the key's claim before the workflow.
@AwaitsIdempotencyClaim()
export class CaseCommandsController {
  constructor(@Inject(CaseCommandService) private readonly commands: CaseCommandService) {}

  @Post()
  @HttpCode(201)
  @Roles(...apiRolesFor('RegisterReport'))
  @ApiOperation({
    operationId: 'RegisterReport',
    summary: 'Register a report or finding (registrasi laporan/temuan)',
    description: `${describe('RegisterReport')} The server assigns the case id (Location). With an Idempotency-Key a retry names the same case.`,
  })
  @ApiBody({ type: RegisterReportDto })
  @ApiCreatedResponse({
    type: CaseStateView,
    description: 'The registered case',
    headers: { ...ETAG_HEADER, Location: { description: '/cases/{id}', schema: { type: 'string' } } },
  })
  @CommandDocs()
  async register(
    @Body() body: RegisterReportDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    const { caseId, state } = await this.commands.register(user, body, options);
    res.setHeader('Location', `/cases/${caseId}`);
    setETag(res, state.version);
    return state;
  }

  @CaseCommand('AssignOfficer', 'assignment', 'Assign or reassign the case officer', AssignOfficerDto)
  assignOfficer(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: AssignOfficerDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'AssignOfficer', body, options, res);
  }

  @CaseCommand(
    'StartClarification',
    'clarification/start',
    'Start clarification (klarifikasi)',
    StartClarificationDto,
  )
  startClarification(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: StartClarificationDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'StartClarification', body, options, res);
  }

  @CaseCommand(
    'RecordClarificationResult',
    'clarification/result',
    'Record the clarification result (LHP)',
    RecordClarificationResultDto,
  )
  recordClarificationResult(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordClarificationResultDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordClarificationResult', body, options, res);
  }

  @CaseCommand(
    'RecordRecommendation',
    'recommendation',
    'Record a recommendation letter (Bawaslu, KASN/BKN)',
    RecordRecommendationDto,
  )
  recordRecommendation(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordRecommendationDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordRecommendation', body, options, res);
  }

  @CaseCommand(
    'RecordPpkFollowUp',
    'ppk-follow-up',
    "Record the PPK's follow-up (tindak lanjut)",
    RecordPpkFollowUpDto,
  )
  recordPpkFollowUp(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordPpkFollowUpDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordPpkFollowUp', body, options, res);
  }

  @CaseCommand(
    'FormTimPemeriksa',
    'tim-pemeriksa',
    'Record the decree forming the Tim Pemeriksa',
    FormTimPemeriksaDto,
  )
  formTimPemeriksa(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: FormTimPemeriksaDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'FormTimPemeriksa', body, options, res);
  }

  @CaseCommand('IssueSummons', 'summons', 'Record summons I or II (surat panggilan)', IssueSummonsDto)
  issueSummons(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: IssueSummonsDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'IssueSummons', body, options, res);
  }

  @CaseCommand(
    'RecordAttendance',
    'attendance',
    'Record whether the ASN attended the hearing',
    RecordAttendanceDto,
  )
  recordAttendance(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordAttendanceDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordAttendance', body, options, res);
  }

  @CaseCommand('RecordBap', 'bap', 'Record the Berita Acara Pemeriksaan (BAP)', RecordBapDto)
  recordBap(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordBapDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordBap', body, options, res);
  }

  @CaseCommand(
    'ConveneMajelisKodeEtik',
    'majelis-kode-etik',
    'Record the Majelis Kode Etik decree and hearing',
    ConveneMajelisKodeEtikDto,
  )
  conveneMajelisKodeEtik(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: ConveneMajelisKodeEtikDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'ConveneMajelisKodeEtik', body, options, res);
  }

  @CaseCommand(
    'RecordMajelisRecommendation',
    'majelis-kode-etik/recommendation',
    "Record the Majelis Kode Etik's recommendation",
    RecordMajelisRecommendationDto,
  )
  recordMajelisRecommendation(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordMajelisRecommendationDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordMajelisRecommendation', body, options, res);
  }

  @CaseCommand(
    'ApproveSanctionDeparture',
    'sanction/departure-approval',
    'Approve a sanction outside the catalogue, with justification',
    ApproveSanctionDepartureDto,
  )
  approveSanctionDeparture(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: ApproveSanctionDepartureDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'ApproveSanctionDeparture', body, options, res);
  }

  @CaseCommand(
    'DecideSanction',
    'sanction/decision',
    'Decide the sanction (keputusan hukuman disiplin / sanksi moral)',
    DecideSanctionDto,
  )
  decideSanction(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: DecideSanctionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'DecideSanction', body, options, res);
  }

  @CaseCommand(
    'RecordDelivery',
    'sanction/delivery',
    'Record delivery of the decision to the ASN',
    RecordDeliveryDto,
  )
  recordDelivery(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordDeliveryDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordDelivery', body, options, res);
  }

  @CaseCommand(
    'FileObjection',
    'objection',
    'Record a keberatan or banding filed by the ASN',
    FileObjectionDto,
  )
  fileObjection(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: FileObjectionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'FileObjection', body, options, res);
  }

  @CaseCommand(
    'RecordLateObjection',
    'objection/late',
    'Record that a late keberatan/banding was rejected',
    RecordLateObjectionDto,
  )
  recordLateObjection(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordLateObjectionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordLateObjection', body, options, res);
  }

  @CaseCommand(
    'RecordAppealAnswer',
    'objection/appeal-answer',
    "Record the PPK's answer to BPASN on a banding",
    RecordAppealAnswerDto,
  )
  recordAppealAnswer(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordAppealAnswerDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordAppealAnswer', body, options, res);
  }

  @CaseCommand(
    'RecordObjectionOutcome',
    'objection/outcome',
    'Record the keberatan/banding decision',
    RecordObjectionOutcomeDto,
  )
  recordObjectionOutcome(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordObjectionOutcomeDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordObjectionOutcome', body, options, res);
  }

  @CaseCommand('CloseCase', 'close', 'Close the case as not proven', CloseCaseDto)
  closeCase(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: CloseCaseDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'CloseCase', body, options, res);
  }

  @CaseCommand('WithdrawCase', 'withdraw', 'Withdraw the case before a decision', WithdrawCaseDto)
  withdrawCase(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: WithdrawCaseDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'WithdrawCase', body, options, res);
  }

  @CaseCommand('ReopenCase', 'reopen', 'Reopen a closed case', ReopenCaseDto)
  reopenCase(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: ReopenCaseDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'ReopenCase', body, options, res);
  }
}
