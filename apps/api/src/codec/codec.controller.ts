/**
 * The Temporal UI's "remote codec" (Temporal UI settings → Codec Server): `POST /codec/decode` and
 * `POST /codec/encode` take and return `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`, the
 * proto3 JSON of Temporal payloads. Decoding shows what the workflow histories hold, reporter identity
 * included, so only auditors and admins may call it (the UI passes the user's token when "Pass the user
 * access token" is on), and an agency's only for the payloads of its own cases: each encrypted payload names
 * its workflow (= case id) in its metadata, authenticated by the encryption (payload-codec.ts), and the
 * case's agency must be the caller's. The national scope (agency `*`) decodes every payload. A payload the
 * caller may not read (another agency's case, another workflow, or one encrypted before the workflow id was
 * recorded) comes back as it was sent, still encrypted, so the UI shows the rest of the history.
 * Encoding (the UI's input into a workflow) is for national admins only: see `encode`.
 * CORS for the UI's origin: `codecCors` below, configured by CODEC_CORS_ORIGINS.
 */
import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Injectable,
  type NestMiddleware,
  Post,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { ENCRYPTED_ENCODING, encryptedPayloadWorkflowId } from '@netral/workflows';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../infrastructure';
import {
  ALL_AGENCIES,
  type AuthenticatedUser,
  CurrentUser,
  forbiddenProblem,
  PLATFORM_CONFIG,
  ProblemException,
  ReadOperation,
  Roles,
  type PlatformConfig,
} from '../platform';
// A value import: the validation pipe reads the DTO class at runtime.
import { CodecPayloadsDto } from './codec.dto';

function codecUnavailable(): ProblemException {
  return new ProblemException({
    status: 404,
    code: 'CODEC_NOT_CONFIGURED',
    detail:
      'Payload encryption is not configured on this server (NETRAL_PAYLOAD_KEYS): there is nothing to decode.',
    detailId: 'Enkripsi payload tidak dikonfigurasi di server ini (NETRAL_PAYLOAD_KEYS).',
  });
}

function badPayload(message: string): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'INVALID_PAYLOAD',
    detail: `A payload could not be processed: ${message}`,
    detailId: 'Sebuah payload tidak dapat diproses.',
  });
}

type JsonPayload = CodecPayloadsDto['payloads'][number];

function fromJson(p: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [key, value] of Object.entries(p.metadata ?? {})) {
    if (typeof value !== 'string') throw badPayload(`metadata "${key}" must be a base64 string`);
    metadata[key] = Buffer.from(value, 'base64');
  }
  return { metadata, data: Buffer.from(p.data ?? '', 'base64') };
}

function toJson(p: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(p.metadata ?? {})) {
    metadata[key] = Buffer.from(value ?? new Uint8Array()).toString('base64');
  }
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}

@ApiTags('audit')
@Controller('codec')
export class CodecController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /** Runs the codecs over the payloads `readable` picks; the others are answered as they came. */
  private async run(
    all: Payload[],
    direction: 'encode' | 'decode',
    readable: (payload: Payload) => boolean = () => true,
  ): Promise<CodecPayloadsDto> {
    const codecs = this.client.options.loadedDataConverter.payloadCodecs;
    if (codecs.length === 0) throw codecUnavailable();
    const picked = all.filter(readable);
    let payloads = picked;
    try {
      // Encoding applies the codecs in order, decoding in reverse (as the SDK does).
      for (const codec of direction === 'encode' ? codecs : [...codecs].reverse()) {
        payloads = await codec[direction](payloads);
      }
    } catch (error) {
      throw badPayload(error instanceof Error ? error.message : String(error));
    }
    const done = new Map(picked.map((p, i) => [p, payloads[i]]));
    return { payloads: all.map((p) => toJson(done.get(p) ?? p)) };
  }

  /**
   * Which payloads `user` may decode: all for the national scope; else the encrypted ones of its agency's
   * cases (by the workflow id the payload names) and plain ones (nothing to decode).
   */
  private async readableBy(
    user: AuthenticatedUser,
    payloads: Payload[],
  ): Promise<(payload: Payload) => boolean> {
    if (user.agency === ALL_AGENCIES) return () => true;
    const encrypted = (p: Payload) =>
      Buffer.from(p.metadata?.encoding ?? []).toString() === ENCRYPTED_ENCODING;
    const ids = [...new Set(payloads.flatMap((p) => encryptedPayloadWorkflowId(p) ?? []))];
    const rows = ids.length
      ? ((await this.dataSource.query(
          `SELECT case_id FROM case_summary WHERE case_id = ANY($1) AND agency = $2`,
          [ids, user.agency],
        )) as { case_id: string }[])
      : [];
    const own = new Set(rows.map((r) => r.case_id));
    return (p) => {
      if (!encrypted(p)) return true;
      const id = encryptedPayloadWorkflowId(p);
      return id !== undefined && own.has(id);
    };
  }

  @Post('decode')
  @HttpCode(200)
  @ReadOperation() // changes nothing, so read-only auditors may call it
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'Decrypt Temporal payloads (remote codec for the Temporal UI)',
    description:
      'Payloads not encrypted by Netral pass through unchanged. Roles: auditor, admin. An agency decodes ' +
      'the payloads of its own cases only (by the case id each encrypted payload names); the others come ' +
      'back still encrypted, counted in the X-Netral-Withheld header. National scope (agency *): all.',
  })
  @ApiOkResponse({ type: CodecPayloadsDto })
  async decode(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CodecPayloadsDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CodecPayloadsDto> {
    const payloads = body.payloads.map(fromJson);
    const readable = await this.readableBy(user, payloads);
    res.setHeader('X-Netral-Withheld', String(payloads.filter((p) => !readable(p)).length));
    return this.run(payloads, 'decode', readable);
  }

  /**
   * Encoding exists for one thing: input the Temporal UI sends into a workflow (start, signal, update). That
   * is a write, and in Netral every write to a case goes through the API's commands (validation, roles,
   * idempotency, the event store), so the route is not a `@ReadOperation()`: auditors, who only read, may not
   * call it. Nor may an agency's admin: the UI sends no workflow, so an encoded payload names no case and
   * cannot be bound to an agency (decoding it is national-only); what the engine is sent outside the API is
   * the national operators' business. So: national admins only.
   */
  @Post('encode')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Encrypt Temporal payloads with the current key (remote codec for the Temporal UI)',
    description:
      'What the UI sends to a workflow (e.g. a signal) is encrypted like the API’s own. Role: admin of the ' +
      'national scope (agency *) only: the payloads name no case, so no agency can be given them.',
  })
  @ApiOkResponse({ type: CodecPayloadsDto })
  encode(@CurrentUser() user: AuthenticatedUser, @Body() body: CodecPayloadsDto): Promise<CodecPayloadsDto> {
    if (user.agency !== ALL_AGENCIES) {
      throw forbiddenProblem(
        'Encoding payloads requires the national scope (agency *): encoded payloads name no case.',
        'Enkode payload memerlukan cakupan nasional (agency *): payload yang dienkode tidak menyebut kasus.',
      );
    }
    return this.run(body.payloads.map(fromJson), 'encode');
  }
}

/**
 * CORS for the Temporal UI, on /codec only: the UI (another origin) sends a preflight without credentials,
 * then POSTs with `Authorization`, `Content-Type` and `X-Namespace`. Origins from CODEC_CORS_ORIGINS; a
 * preflight from any other origin gets no CORS headers, so the browser refuses.
 */
@Injectable()
export class CodecCorsMiddleware implements NestMiddleware {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const origin = req.headers.origin;
    if (origin && this.config.codecCorsOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.append('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  }
}
