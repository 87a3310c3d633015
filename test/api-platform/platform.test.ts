/**
 * The API platform end to end over real HTTP: authentication, roles, agency scoping, validation and
 * problem documents, request ids, health/readiness, metrics, OpenAPI, CORS and rate limiting.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SignJWT } from 'jose';
import request from 'supertest';
import {
  assertAgencyAccess,
  CurrentUser,
  DomainProblem,
  MetricsService,
  notFoundProblem,
  ReadOperation,
  reporterIdentityFor,
  RequestContext,
  Roles,
  type AuthenticatedUser,
} from '../../apps/api/src/platform';
import { bearer, LOCAL_SECRET, startApi, token, type RunningApi } from './support';

class ReportedAsnDto {
  /** NIP: 18 digits. */
  @Matches(/^\d{18}$/)
  nip!: string;

  @IsString()
  @Length(1, 200)
  name!: string;
}

class FileCaseDto {
  @Matches(/^[a-z0-9-]+$/)
  agency!: string;

  @ValidateNested()
  @Type(() => ReportedAsnDto)
  reportedAsn!: ReportedAsnDto;

  @IsInt()
  @Min(1)
  @Max(3)
  level!: number;

  @IsOptional()
  @IsString()
  @MaxLength(200_000)
  summary?: string;
}

/** Stored "cases" of two agencies, as the case module would read them from a read model. */
const CASES: Record<string, { agency: string; reporter: string }> = {
  'case-bekasi-1': { agency: 'kota-bekasi', reporter: 'Siti Aminah' },
  'case-bogor-1': { agency: 'kota-bogor', reporter: 'Ahmad Fauzi' },
};

@Controller('test-cases')
class TestCasesController {
  @Get('boom')
  boom(): never {
    throw new Error('connection to postgres://netral:hunter2@db.internal failed');
  }

  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    const found = CASES[id];
    if (!found) throw notFoundProblem('case');
    assertAgencyAccess(user, found.agency);
    const ctx = RequestContext.require();
    return {
      id,
      agency: found.agency,
      reporter: reporterIdentityFor(user, found.reporter) ?? null,
      viewer: user,
      requestId: ctx.requestId,
      correlationId: ctx.correlationId,
      contextUser: ctx.user?.id,
    };
  }

  @Post()
  @Roles('officer')
  @HttpCode(201)
  file(@Body() body: FileCaseDto, @CurrentUser() user: AuthenticatedUser) {
    assertAgencyAccess(user, body.agency);
    return { filed: body, isDto: body instanceof FileCaseDto };
  }

  @Post(':id/decision')
  @Roles('ppk')
  decide(): never {
    throw new DomainProblem({
      status: 409,
      code: 'HEARING_NOT_HELD',
      detail: 'A sanction can only be decided after the disciplinary hearing.',
      detailId: 'Hukuman disiplin hanya dapat diputuskan setelah sidang pemeriksaan.',
      extensions: { stage: 'KLARIFIKASI' },
    });
  }

  @Post(':id/verify-chain')
  @ReadOperation()
  verify() {
    return { verified: true };
  }
}

const PROBLEM_TYPE = /^application\/problem\+json/;

function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(PROBLEM_TYPE);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code });
  expect(body.type).toBe(`urn:netral:problem:${code.toLowerCase().replace(/_/g, '-')}`);
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(typeof body.detailId).toBe('string');
  expect(body.requestId).toBe(res.headers['x-request-id']);
  expect(typeof body.instance).toBe('string');
  // Nothing of the implementation reaches the client.
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+|stack|node_modules/);
}

function problemOf(res: request.Response): Record<string, unknown> & { errors?: Record<string, string>[] } {
  return JSON.parse(res.text) as Record<string, unknown> & { errors?: Record<string, string>[] };
}

describe('API platform over HTTP', () => {
  let api: RunningApi;
  let http: ReturnType<typeof request>;
  let readinessFailing = false;
  let officerBekasi: string;

  beforeAll(async () => {
    api = await startApi({
      controllers: [TestCasesController],
      config: { corsOrigins: ['https://netral.bekasikota.go.id'], metricsToken: 'scrape-token-123' },
      readinessChecks: [
        { name: 'postgresql', check: async () => undefined },
        {
          name: 'temporal',
          check: async () => {
            if (readinessFailing) throw new Error('connect ECONNREFUSED 10.0.0.7:7233');
          },
        },
      ],
    });
    http = request(api.url);
    officerBekasi = await token('officer', 'kota-bekasi', { sub: 'officer-1', name: 'Budi Santoso' });
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('authentication', () => {
    it('refuses a request without a token with 401, a problem document and WWW-Authenticate', async () => {
      const res = await http.get('/test-cases/case-bekasi-1');
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="netral"');
    });

    it('refuses an expired token', async () => {
      const expired = await token('officer', 'kota-bekasi', {
        issuedAt: Math.floor(Date.now() / 1000) - 3600,
        ttl: '10m',
      });
      const res = await http.get('/test-cases/case-bekasi-1').set(bearer(expired));
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(problemOf(res).detail).toMatch(/expired/);
      expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    });

    it('refuses a token signed with another secret', async () => {
      const forged = await token('admin', '*', { secret: 'another-secret-of-sufficient-length-0123456789' });
      const res = await http.get('/test-cases/case-bekasi-1').set(bearer(forged));
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(problemOf(res).detail).toBe('The access token is invalid.');
    });

    it('refuses an unsigned (alg none) token, a wrong audience and garbage', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const claims = Buffer.from(
        JSON.stringify({
          sub: 'x',
          role: 'admin',
          agency: '*',
          iss: 'netral-local',
          aud: 'netral-api',
          exp: Math.floor(Date.now() / 1000) + 600,
        }),
      ).toString('base64url');
      const wrongAudience = await new SignJWT({ role: 'admin', agency: '*' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setIssuer('netral-local')
        .setAudience('some-other-api')
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(LOCAL_SECRET));
      for (const credential of [
        `Bearer ${header}.${claims}.`,
        `Bearer ${wrongAudience}`,
        'Bearer abc',
        'Basic dTpw',
      ]) {
        const res = await http.get('/test-cases/case-bekasi-1').set('Authorization', credential);
        expectProblem(res, 401, 'UNAUTHENTICATED');
      }
    });

    it('refuses tokens whose claims do not fit: unknown role, officer with national scope, no expiry', async () => {
      const key = new TextEncoder().encode(LOCAL_SECRET);
      const sign = (claims: Record<string, unknown>, exp = true) => {
        const jwt = new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('u-1')
          .setIssuer('netral-local')
          .setAudience('netral-api');
        return (exp ? jwt.setExpirationTime('10m') : jwt).sign(key);
      };
      const cases = [
        await sign({ role: 'superuser', agency: 'kota-bekasi' }),
        await sign({ role: 'officer', agency: '*' }),
        await sign({ role: 'officer' }),
        await sign({ role: 'officer', agency: 'Kota Bekasi; DROP' }),
        await sign({ role: 'officer', agency: 'kota-bekasi' }, false),
      ];
      for (const t of cases) {
        expectProblem(await http.get('/test-cases/case-bekasi-1').set(bearer(t)), 401, 'UNAUTHENTICATED');
      }
    });

    it('accepts a valid token and gives handlers the user and the request context', async () => {
      const res = await http
        .get('/test-cases/case-bekasi-1')
        .set(bearer(officerBekasi))
        .set('X-Request-Id', 'req-42')
        .set('X-Correlation-Id', 'corr-7');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: 'case-bekasi-1',
        viewer: { id: 'officer-1', role: 'officer', agency: 'kota-bekasi', name: 'Budi Santoso' },
        requestId: 'req-42',
        correlationId: 'corr-7',
        contextUser: 'officer-1',
      });
      expect(res.headers['x-request-id']).toBe('req-42');
      expect(res.headers['x-correlation-id']).toBe('corr-7');
      const logged = api.logs.lines.find((l) => l.reqId === 'req-42');
      expect(logged).toMatchObject({
        correlationId: 'corr-7',
        userId: 'officer-1',
        res: { statusCode: 200 },
      });
      expect(JSON.stringify(api.logs.lines)).not.toContain(officerBekasi);
    });

    it('generates ids when none (or an unsafe one) is sent; the correlation id defaults to the request id', async () => {
      const res = await http
        .get('/test-cases/case-bekasi-1')
        .set(bearer(officerBekasi))
        .set('X-Request-Id', 'evil id; injected="yes"');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['x-correlation-id']).toBe(res.headers['x-request-id']);
      expect(res.body.correlationId).toBe(res.headers['x-request-id']);
    });
  });

  describe('authorization', () => {
    it('refuses a role without permission with 403', async () => {
      const supervisor = await token('supervisor', 'kota-bekasi');
      const res = await http
        .post('/test-cases')
        .set(bearer(supervisor))
        .send({ agency: 'kota-bekasi', reportedAsn: { nip: '198501012010011001', name: 'A' }, level: 1 });
      expectProblem(res, 403, 'FORBIDDEN');
      expect(problemOf(res).detail).toMatch(/officer/);
    });

    it('answers 404, exactly as for a missing case, when the case belongs to another agency', async () => {
      const bogorOfficer = await token('officer', 'kota-bogor');
      const res = await http.get('/test-cases/case-bekasi-1').set(bearer(bogorOfficer));
      expectProblem(res, 404, 'NOT_FOUND');
      const missing = await http.get('/test-cases/case-missing').set(bearer(bogorOfficer));
      expectProblem(missing, 404, 'NOT_FOUND');
      const { requestId: _a, instance: _b, ...notYours } = problemOf(res);
      const { requestId: _c, instance: _d, ...notThere } = problemOf(missing);
      expect(notYours).toEqual(notThere);
      expectProblem(await http.get('/no-such-route').set(bearer(bogorOfficer)), 404, 'NOT_FOUND');

      const writeElsewhere = await http
        .post('/test-cases')
        .set(bearer(bogorOfficer))
        .send({ agency: 'kota-bekasi', reportedAsn: { nip: '198501012010011001', name: 'A' }, level: 1 });
      expectProblem(writeElsewhere, 404, 'NOT_FOUND');
    });

    it('lets national auditors and admins (agency *) see every agency; local auditors only their own', async () => {
      for (const t of [await token('auditor', '*'), await token('admin', '*')]) {
        expect((await http.get('/test-cases/case-bogor-1').set(bearer(t))).status).toBe(200);
      }
      const localAuditor = await token('auditor', 'kota-bekasi');
      expect((await http.get('/test-cases/case-bekasi-1').set(bearer(localAuditor))).status).toBe(200);
      expectProblem(await http.get('/test-cases/case-bogor-1').set(bearer(localAuditor)), 404, 'NOT_FOUND');
      const localAdmin = await token('admin', 'kota-bekasi');
      expectProblem(await http.get('/test-cases/case-bogor-1').set(bearer(localAdmin)), 404, 'NOT_FOUND');
    });

    it('lets auditors read but not write, except operations marked @ReadOperation()', async () => {
      const auditor = await token('auditor', '*');
      const write = await http.post('/test-cases/case-bekasi-1/decision').set(bearer(auditor)).send({});
      expectProblem(write, 403, 'FORBIDDEN');
      const verify = await http.post('/test-cases/case-bekasi-1/verify-chain').set(bearer(auditor)).send({});
      expect(verify.status).toBe(201);
      expect(verify.body).toEqual({ verified: true });
    });

    it("shows the reporter's identity only to roles allowed to see it", async () => {
      const seen: Record<string, unknown> = {};
      for (const role of ['officer', 'supervisor', 'ppk', 'auditor', 'admin']) {
        const res = await http.get('/test-cases/case-bekasi-1').set(bearer(await token(role, 'kota-bekasi')));
        seen[role] = res.body.reporter;
      }
      expect(seen).toEqual({
        officer: null,
        supervisor: 'Siti Aminah',
        ppk: 'Siti Aminah',
        auditor: 'Siti Aminah',
        admin: 'Siti Aminah',
      });
    });
  });

  describe('validation and errors', () => {
    const valid = {
      agency: 'kota-bekasi',
      reportedAsn: { nip: '198501012010011001', name: 'Andi' },
      level: 2,
    };
    const post = (body: string | object, contentType = 'application/json') =>
      http
        .post('/test-cases')
        .set(bearer(officerBekasi))
        .set('Content-Type', contentType)
        .send(typeof body === 'string' ? body : JSON.stringify(body));

    it('accepts a valid body, transformed into the DTO class', async () => {
      const res = await post(valid);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ filed: valid, isDto: true });
    });

    it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
      expectProblem(await post('{"agency": "kota-bekasi",'), 400, 'MALFORMED_JSON');
      expectProblem(await post('"just a string"'), 400, 'MALFORMED_JSON');
    });

    it('refuses unknown fields, also nested, naming them', async () => {
      const res = await post({ ...valid, isAdmin: true, reportedAsn: { ...valid.reportedAsn, salary: 1 } });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(problemOf(res).errors).toEqual(
        expect.arrayContaining([
          { field: 'isAdmin', constraint: 'whitelistValidation', message: 'unknown field "isAdmin"' },
          expect.objectContaining({ field: 'reportedAsn.salary', constraint: 'whitelistValidation' }),
        ]),
      );
    });

    it('refuses wrong types instead of coercing them', async () => {
      const res = await post({ ...valid, level: '2', reportedAsn: 'Andi' });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      const fields = problemOf(res).errors!.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['level', 'reportedAsn']));
      expect(problemOf(res).detailId).toMatch(/^Permintaan tidak valid/);
    });

    it('refuses a missing body and an array body', async () => {
      expectProblem(await post([valid]), 400, 'VALIDATION_FAILED');
      const empty = await http.post('/test-cases').set(bearer(officerBekasi));
      expectProblem(empty, 400, 'VALIDATION_FAILED');
    });

    it('refuses injection strings in patterned fields without echoing them', async () => {
      const injection = "'; DROP TABLE cases; --";
      const res = await post({ ...valid, agency: injection, reportedAsn: { nip: injection, name: 'x' } });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(
        problemOf(res)
          .errors!.map((e) => e.field)
          .sort(),
      ).toEqual(['agency', 'reportedAsn.nip']);
      expect(res.text).not.toContain('DROP TABLE');
    });

    it('refuses bodies over the limit with 413 and non-JSON bodies with 415', async () => {
      const big = await post({ ...valid, summary: 'x'.repeat(150 * 1024) });
      expectProblem(big, 413, 'PAYLOAD_TOO_LARGE');
      const form = await post('agency=kota-bekasi', 'application/x-www-form-urlencoded');
      expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('sends DomainProblem as-is, with its extensions', async () => {
      const ppk = await token('ppk', 'kota-bekasi');
      const res = await http.post('/test-cases/case-bekasi-1/decision').set(bearer(ppk)).send({});
      expectProblem(res, 409, 'HEARING_NOT_HELD');
      expect(problemOf(res)).toMatchObject({
        title: 'Conflict',
        detailId: 'Hukuman disiplin hanya dapat diputuskan setelah sidang pemeriksaan.',
        stage: 'KLARIFIKASI',
        instance: '/test-cases/case-bekasi-1/decision',
      });
    });

    it('hides unexpected errors behind 500 INTERNAL and logs them with the request id', async () => {
      const res = await http.get('/test-cases/boom').set(bearer(officerBekasi)).set('X-Request-Id', 'boom-1');
      expectProblem(res, 500, 'INTERNAL');
      expect(res.text).not.toMatch(/postgres|hunter2|db\.internal/);
      const logged = api.logs.lines.find((l) => l.reqId === 'boom-1' && l.level === 50);
      expect(logged).toBeDefined();
      expect(JSON.stringify(logged)).toContain('db.internal failed');
    });
  });

  describe('operations', () => {
    it('serves /health without a token, with security headers', async () => {
      const res = await http.get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('reports readiness per check: 200 when all are up, 503 naming the failing one', async () => {
      readinessFailing = false;
      const up = await http.get('/ready');
      expect(up.status).toBe(200);
      expect(up.body.status).toBe('ready');
      readinessFailing = true;
      const down = await http.get('/ready');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({
        status: 'not_ready',
        checks: [
          { name: 'postgresql', status: 'up' },
          { name: 'temporal', status: 'down', reason: 'error' },
        ],
      });
      expect(down.text).not.toContain('10.0.0.7');
      readinessFailing = false;
    });

    it('protects /metrics (admin token or METRICS_TOKEN) and exposes the HTTP histogram and domain metrics', async () => {
      await http.get('/test-cases/case-bekasi-1').set(bearer(officerBekasi));
      api.app.get(MetricsService).recordCommand('fileCase', 'accepted');
      api.app.get(MetricsService).setDeadlines({ due: 3, overdue: 1, untracked: 2 });

      expectProblem(await http.get('/metrics'), 401, 'UNAUTHENTICATED');
      expectProblem(await http.get('/metrics').set(bearer(officerBekasi)), 403, 'FORBIDDEN');
      expectProblem(await http.get('/metrics').set(bearer('scrape-token-12')), 401, 'UNAUTHENTICATED');

      for (const credential of [await token('admin', '*'), 'scrape-token-123']) {
        const res = await http.get('/metrics').set(bearer(credential));
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/plain/);
        expect(res.text).toMatch(
          /http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/test-cases\/:id",status="200"\}/,
        );
        expect(res.text).toContain('netral_commands_total{command="fileCase",outcome="accepted"} 1');
        expect(res.text).toContain('netral_deadlines_due 3');
        expect(res.text).toContain('netral_deadlines_overdue 1');
        expect(res.text).toContain('netral_deadlines_untracked 2');
        expect(res.text).not.toMatch(/route="\/no-such-thing"/);
      }
    });

    it('serves an OpenAPI document with the bearer scheme, required everywhere except health and readiness', async () => {
      const res = await http.get('/docs-json');
      expect(res.status).toBe(200);
      const doc = res.body as {
        openapi: string;
        info: { title: string };
        paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
        components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
      };
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.info.title).toBe('Netral API');
      expect(doc.components.securitySchemes.bearer).toEqual({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      });
      expect(doc.paths['/health'].get.security).toEqual([]);
      expect(doc.paths['/ready'].get.security).toEqual([]);
      expect(doc.paths['/test-cases/{id}'].get.security).toEqual([{ bearer: [] }]);
      expect(doc.paths['/metrics'].get.security).toEqual([{ bearer: [] }]);
      expect(doc.paths['/test-cases'].post.responses['400']).toBeDefined();
      expect(JSON.stringify(doc.paths)).not.toContain('x-netral-public');
      // Every $ref resolves inside the document.
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(refs).toContain('Problem');
      for (const ref of refs) expect(doc.components.schemas[ref]).toBeDefined();
      expect((await http.get('/docs')).status).toBe(200);
    });

    it('answers CORS preflights for configured origins only', async () => {
      const allowed = await http
        .options('/test-cases')
        .set('Origin', 'https://netral.bekasikota.go.id')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://netral.bekasikota.go.id');
      const other = await http
        .options('/test-cases')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('rate limiting', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({
      controllers: [TestCasesController],
      config: { rateLimit: { limit: 3, windowMs: 60_000 } },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('limits each user separately and answers 429 with Retry-After', async () => {
    const http = request(api.url);
    const first = await token('officer', 'kota-bekasi', { sub: 'busy-officer' });
    const second = await token('officer', 'kota-bekasi', { sub: 'calm-officer' });
    for (let i = 0; i < 3; i++) {
      expect((await http.get('/test-cases/case-bekasi-1').set(bearer(first))).status).toBe(200);
    }
    const limited = await http.get('/test-cases/case-bekasi-1').set(bearer(first));
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await http.get('/test-cases/case-bekasi-1').set(bearer(second))).status).toBe(200);
    // Probes are never limited.
    for (let i = 0; i < 5; i++) expect((await http.get('/health')).status).toBe(200);
  });
});
