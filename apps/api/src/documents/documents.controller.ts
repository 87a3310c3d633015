/**
 * `/cases/{id}/documents…` and `/cases/{id}/berkas`: evidence files of a case. Every read is agency-scoped
 * (another agency's case is a 404) and recorded in the access log (GET under /cases, and the marked POST).
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
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { reprDigest } from '@netral/documents';
import { type CaseState, DOCUMENT_ID_PATTERN } from '@netral/domain';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { RecordsCaseAccess } from '../audit';
import { OVERSIGHT_ROLES } from '../audit/case-audit.controller';
import { CaseIdPipe, CommandDocs, CommandHeaders, CaseIdParam, NotFoundResponse } from '../cases/http';
import type { CommandOptions } from '../cases/commands/case-command.service';
import { DATA_SOURCE } from '../infrastructure';
import { type AuthenticatedUser, CurrentUser, ReadOperation, Roles, notFoundProblem } from '../platform';
import { DocumentService, type UploadedFile as File } from './document.service';
// Value imports: the validation pipe reads the DTO classes from decorator metadata.
import {
  DocumentListView,
  DocumentVerificationView,
  DocumentView,
  UPLOAD_BODY_SCHEMA,
  UploadDocumentForm,
} from './documents.dto';
import { DocumentUploadInterceptor } from './upload.interceptor';

/** Who may attach documents: the domain's AttachDocument roles. */
export const DOCUMENT_WRITERS = ['officer', 'supervisor', 'ppk'] as const;

function documentIdOf(value: string): string {
  if (!DOCUMENT_ID_PATTERN.test(value)) throw notFoundProblem('document');
  return value;
}

/** `attachment; filename="..."; filename*=UTF-8''...` (RFC 6266 / 5987). */
export function contentDisposition(
  fileName: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

@ApiTags('documents')
@Controller('cases')
export class DocumentsController {
  constructor(
    @Inject(DocumentService) private readonly documents: DocumentService,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Post(':id/documents')
  @HttpCode(201)
  @Roles(...DOCUMENT_WRITERS)
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiOperation({
    operationId: 'AttachDocument',
    summary: 'Upload a document and attach it to the fact it proves',
    description:
      'multipart/form-data with one `file` (PDF, JPEG or PNG, checked from its bytes; at most DOCUMENT_MAX_BYTES, ' +
      'default 20 MB) and the `fact` it proves (`sequence` for summons II, the n-th recommendation). The file ' +
      'is stored first, then the case records a DocumentAttached event with its SHA-256, so the hash chain ' +
      'covers the evidence. An optional `sha256` field is compared with what arrived. With an Idempotency-Key ' +
      'a retry returns the first outcome and stores nothing new. Roles: officer (assigned), supervisor, ppk.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiCreatedResponse({
    type: DocumentView,
    headers: { Location: { description: 'The document', schema: { type: 'string' } } },
  })
  @CommandDocs()
  @CaseIdParam()
  @NotFoundResponse()
  async upload(
    @Param('id', CaseIdPipe) id: string,
    @UploadedFile() file: File | undefined,
    @Body() form: UploadDocumentForm,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentView> {
    const document = await this.documents.upload(user, id, file, form, options.idempotencyKey);
    res.setHeader('Location', `/cases/${id}/documents/${document.documentId}`);
    return document;
  }

  @Get(':id/documents')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The documents of a case, in the order they were attached',
    description:
      'Metadata and SHA-256 as recorded in the events. Documents that identify the reporter show only their ' +
      'fact and hash (`withheld: true`) to roles that may not see the reporter (officers).',
  })
  @CaseIdParam()
  @NotFoundResponse()
  @ApiOkResponse({ type: DocumentListView })
  async list(
    @Param('id', CaseIdPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DocumentListView> {
    return { items: await this.documents.list(user, id) };
  }

  @Get(':id/documents/:documentId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'One document’s metadata and recorded hash' })
  @CaseIdParam()
  @ApiParam({ name: 'documentId', example: 'DOC-7KQ2M9XD4HBA' })
  @NotFoundResponse()
  @ApiOkResponse({ type: DocumentView })
  get(
    @Param('id', CaseIdPipe) id: string,
    @Param('documentId') documentId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DocumentView> {
    return this.documents.get(user, id, documentIdOf(documentId));
  }

  @Get(':id/documents/:documentId/content')
  @ApiOperation({
    summary: 'Download a document (verified)',
    description:
      'The stored bytes are hashed again and served only if they match the SHA-256 in the DocumentAttached ' +
      'event (`Repr-Digest` carries it); a tampered or lost file is a 409 problem (DOCUMENT_INTEGRITY_FAILED, ' +
      'DOCUMENT_MISSING). Reporter-identifying documents: 403 REPORTER_CONFIDENTIAL for officers.',
  })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @CaseIdParam()
  @ApiParam({ name: 'documentId', example: 'DOC-7KQ2M9XD4HBA' })
  @NotFoundResponse()
  @ApiOkResponse({
    description: 'The file',
    content: { 'application/pdf': {}, 'image/jpeg': {}, 'image/png': {} },
  })
  async content(
    @Param('id', CaseIdPipe) id: string,
    @Param('documentId') documentId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { document, bytes } = await this.documents.content(user, id, documentIdOf(documentId));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Repr-Digest', reprDigest(document.sha256));
    res.setHeader('ETag', `"${document.sha256}"`);
    return new StreamableFile(bytes, {
      type: document.contentType,
      length: bytes.length,
      disposition: contentDisposition(document.fileName),
    });
  }

  @Post(':id/documents/verification')
  @HttpCode(200)
  @ReadOperation()
  @RecordsCaseAccess()
  @Roles(...OVERSIGHT_ROLES)
  @ApiOperation({
    summary: 'Verify every stored document against its recorded hash',
    description:
      'Re-hashes each stored file and compares it with the SHA-256 in its DocumentAttached event, and checks ' +
      'the case’s hash chain that records those hashes. Changes nothing. Roles: auditor, supervisor, admin.',
  })
  @CaseIdParam()
  @NotFoundResponse()
  @ApiOkResponse({ type: DocumentVerificationView })
  verify(
    @Param('id', CaseIdPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DocumentVerificationView> {
    return this.documents.verify(user, id);
  }

  @Get(':id/berkas')
  @ApiOperation({
    summary: 'The case file (berkas) as one PDF',
    description:
      'Case summary, timeline, every attached document in order (each behind a cover sheet with its hash), and ' +
      'a verification page listing every document’s SHA-256, whether the stored file matches, and the head ' +
      'of the hash chain. Documents identifying the reporter are left out for roles that may not see them.',
  })
  @ApiProduces('application/pdf')
  @CaseIdParam()
  @NotFoundResponse()
  @ApiOkResponse({ description: 'berkas-<id>.pdf', content: { 'application/pdf': {} } })
  async berkas(
    @Param('id', CaseIdPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const [row] = (await this.dataSource.query(`SELECT state FROM case_summary WHERE case_id = $1`, [
      id,
    ])) as {
      state: CaseState;
    }[];
    if (!row) throw notFoundProblem('case');
    const pdf = await this.documents.berkas(user, id, { ...row.state, documents: row.state.documents ?? [] });
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      length: pdf.length,
      disposition: contentDisposition(`berkas-${id}.pdf`),
    });
  }
}
