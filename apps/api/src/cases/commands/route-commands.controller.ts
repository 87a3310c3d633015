/**
 * The commands of the routes beside the PP 94/2021 procedure: forwarding a non-ASN / BUMD case to the employer
 * (UU 7/2017 Ps 455), the Sentra Gakkumdu referral with its outcome, the linked case against the direct
 * superior (PP 94/2021 Ps 28). Same shape as CaseCommandsController.
 */
import { Body, Controller, Inject, Param, Res, UseInterceptors } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { type CaseState } from '@netral/domain';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser } from '../../platform';
import { CaseIdPipe, CommandHeaders, runCaseCommand } from '../http';
import { CaseStateView } from '../views';
import { type CommandOptions, CaseCommandService } from './case-command.service';
import { CaseCommand } from './case-commands.controller';
import { AwaitsIdempotencyClaim, IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import {
  ForwardToEmployerDto,
  LinkSuperiorCaseDto,
  RecordCriminalReferralDto,
  RecordCriminalReferralOutcomeDto,
} from './routes.dto';

@ApiTags('case commands')
@ApiExtraModels(CaseStateView)
@Controller('cases')
@UseInterceptors(IdempotencyInterceptor)
// Each command goes through CaseCommandService, which waits for the key's claim before the workflow.
@AwaitsIdempotencyClaim()
export class RouteCommandsController {
  constructor(@Inject(CaseCommandService) private readonly commands: CaseCommandService) {}

  @CaseCommand(
    'ForwardToEmployer',
    'forwarding',
    'Forward a non-ASN or BUMD case to the employer and close it as forwarded',
    ForwardToEmployerDto,
  )
  forwardToEmployer(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: ForwardToEmployerDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'ForwardToEmployer', body, options, res);
  }

  @CaseCommand(
    'RecordCriminalReferral',
    'criminal-referrals',
    'Record a referral to Sentra Gakkumdu; the disciplinary track goes on',
    RecordCriminalReferralDto,
  )
  recordCriminalReferral(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordCriminalReferralDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordCriminalReferral', body, options, res);
  }

  @CaseCommand(
    'RecordCriminalReferralOutcome',
    'criminal-referrals/outcome',
    'Record the outcome of a Gakkumdu referral',
    RecordCriminalReferralOutcomeDto,
  )
  recordCriminalReferralOutcome(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: RecordCriminalReferralOutcomeDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'RecordCriminalReferralOutcome', body, options, res);
  }

  @CaseCommand(
    'LinkSuperiorCase',
    'superior-case',
    'Link a case against the direct superior after the first-summons deadline escalated',
    LinkSuperiorCaseDto,
  )
  linkSuperiorCase(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: LinkSuperiorCaseDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    return runCaseCommand(this.commands, user, id, 'LinkSuperiorCase', body, options, res);
  }
}
