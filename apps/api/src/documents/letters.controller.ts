/**
 * Official letters: the bundled templates, an agency's letter settings, the draft of a letter before its
 * command is issued, and the issued letter of a recorded fact (stored and attached with its hash).
 */
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { DEFAULT_LETTER_TEMPLATES } from '@netral/documents';
import type { Response } from 'express';
import { RecordsCaseAccess } from '../audit';
import { CaseIdParam, CaseIdPipe, CommandDocs, NotFoundResponse } from '../cases/http';
import {
  AGENCY_PATTERN,
  type AuthenticatedUser,
  CurrentUser,
  Roles,
  assertAgencyAccess,
  notFoundProblem,
} from '../platform';
import { DOCUMENT_WRITERS, contentDisposition } from './documents.controller';
// Value imports: the validation pipe reads the DTO classes from decorator metadata.
import {
  DocumentView,
  LetterDraftDto,
  LetterExtrasDto,
  LetterOfferListView,
  LetterSettingsDto,
} from './documents.dto';
import { LetterService } from './letter.service';

const TEMPLATE_PARAM = ApiParam({
  name: 'templateId',
  enum: DEFAULT_LETTER_TEMPLATES.templates.map((t) => t.id),
});

function agencyOf(user: AuthenticatedUser, agency: string): string {
  if (!AGENCY_PATTERN.test(agency)) throw notFoundProblem('agency');
  assertAgencyAccess(user, agency, 'agency');
  return agency;
}

@ApiTags('letters')
@Controller()
export class LettersController {
  constructor(@Inject(LetterService) private readonly letters: LetterService) {}

  @Get('letter-templates')
  @ApiOperation({
    summary: 'The letter templates (data) and the official formats they follow',
    description: 'PerBKN 6/2022 formats (surat panggilan I/II, BAP, keputusan hukuman disiplin) and the LHP.',
  })
  templates() {
    return this.letters.templates();
  }

  @Get('agencies/:agency/letter-settings')
  @Roles('admin', 'supervisor', 'ppk', 'officer')
  @ApiOperation({ summary: "An agency's letterhead, signatories and adjusted templates (null: defaults)" })
  async settings(@Param('agency') agency: string, @CurrentUser() user: AuthenticatedUser) {
    return { agency, settings: await this.letters.settings(agencyOf(user, agency)) };
  }

  @Put('agencies/:agency/letter-settings')
  @Roles('admin')
  @ApiOperation({
    summary: "Set an agency's letterhead, signatories and template adjustments",
    description:
      'Adjusted templates replace a bundled template’s blocks; they are checked before they are kept (422 INVALID_TEMPLATE). Role: admin of the agency.',
  })
  @ApiBody({ type: LetterSettingsDto })
  async saveSettings(
    @Param('agency') agency: string,
    @Body() body: LetterSettingsDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return { agency, settings: await this.letters.saveSettings(user, agencyOf(user, agency), body) };
  }

  @Get('cases/:id/letters')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'caseLetters',
    summary: 'The letters of a case: which can be issued now, and which facts the others still need',
    description:
      'Each bundled template with `available` (the case has recorded the fact the letter is rendered from) and ' +
      '`missingFacts` otherwise, so a client offers only letters that POST /cases/{id}/letters/{templateId} ' +
      'would not refuse with UNKNOWN_FACT.',
  })
  @CaseIdParam()
  @NotFoundResponse()
  @ApiOkResponse({ type: LetterOfferListView })
  letterOffers(
    @Param('id', CaseIdPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<LetterOfferListView> {
    return this.letters.offers(user, id);
  }

  @Post('cases/:id/letters/:templateId/draft')
  @HttpCode(200)
  @RecordsCaseAccess()
  @Roles(...DOCUMENT_WRITERS)
  @ApiOperation({
    summary: 'Draft (KONSEP) of a letter before its command is issued',
    description:
      'Send the body of the command that will record the letter’s fact (e.g. IssueSummons for surat_panggilan_1): ' +
      'it is decided against the case, not recorded, and the letter is rendered as the case would then be. ' +
      'A command the case would refuse is refused here too, with the same problem.',
  })
  @ApiProduces('application/pdf')
  @CaseIdParam()
  @TEMPLATE_PARAM
  @NotFoundResponse()
  @ApiOkResponse({ description: 'The draft PDF', content: { 'application/pdf': {} } })
  async draft(
    @Param('id', CaseIdPipe) id: string,
    @Param('templateId') templateId: string,
    @Body() body: LetterDraftDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { command, ...extras } = body;
    const letter = await this.letters.draft(user, id, templateId, command, extras);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(letter.pdf, {
      type: 'application/pdf',
      length: letter.pdf.length,
      disposition: contentDisposition(letter.fileName, 'inline'),
    });
  }

  @Post('cases/:id/letters/:templateId')
  @HttpCode(201)
  @Roles(...DOCUMENT_WRITERS)
  @ApiOperation({
    summary: 'Issue a letter: render it from the recorded fact and attach it to the case',
    description:
      'The letter of a fact the case has recorded (the summons, the BAP, the decision, the LHP) is rendered, ' +
      'stored and attached as a document (origin `generated`, with its template and SHA-256). Repeating it ' +
      'returns the same document.',
  })
  @ApiBody({ type: LetterExtrasDto })
  @CaseIdParam()
  @TEMPLATE_PARAM
  @ApiCreatedResponse({ type: DocumentView })
  @CommandDocs()
  issue(
    @Param('id', CaseIdPipe) id: string,
    @Param('templateId') templateId: string,
    @Body() body: LetterExtrasDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DocumentView> {
    return this.letters.issue(user, id, templateId, body);
  }
}
