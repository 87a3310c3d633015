/**
 * How the console signs in. `GET /auth/config` says which way (public: the console needs it before it has
 * a token). `POST /auth/dev-sign-in` mints a development token for a chosen role and agency; its controller
 * is registered only when the API verifies tokens with the local development secret (embedded mode or
 * AUTH_LOCAL_SECRET), so with an OIDC provider configured the route does not exist at all.
 */
import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { decodeJwt } from 'jose';
import { mintLocalToken, PLATFORM_CONFIG, type PlatformConfig, ProblemException, Public } from '../platform';
import { AuthConfigView, DevSignInDto, DevSignInView } from './sign-in.dto';

@ApiTags('console')
@Controller('auth')
export class AuthConfigController {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  @Get('config')
  @Public()
  @ApiOperation({ operationId: 'authConfig', summary: 'How to sign in (for the console)' })
  @ApiOkResponse({ type: AuthConfigView })
  authConfig(): AuthConfigView {
    const { auth, consoleOidc } = this.config;
    if (auth.mode === 'local') return { mode: 'local' };
    return {
      mode: 'oidc',
      issuer: auth.issuer,
      clientId: consoleOidc?.clientId,
      scope: consoleOidc?.scope ?? 'openid profile',
    };
  }
}

@ApiTags('console')
@Controller('auth')
export class DevSignInController {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  @Post('dev-sign-in')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    operationId: 'devSignIn',
    summary: 'Development sign-in: a token for a chosen role and agency',
    description:
      'Exists only while the API verifies tokens with the local development secret (embedded mode, `npm start`). ' +
      'The same token `npm run token` mints.',
  })
  @ApiOkResponse({ type: DevSignInView })
  async devSignIn(@Body() body: DevSignInDto): Promise<DevSignInView> {
    const auth = this.config.auth;
    if (auth.mode !== 'local') throw new Error('DevSignInController registered without a local secret');
    let token: string;
    try {
      token = await mintLocalToken({
        secret: auth.secret,
        role: body.role,
        agency: body.agency,
        sub: body.sub,
        name: body.name,
        ttl: body.ttl ?? '8h',
        issuer: auth.issuer,
        audience: auth.audience,
      });
    } catch (e) {
      // The minting rules (national scope only for auditors and admins) answer as a validation problem.
      const message = e instanceof Error ? e.message : String(e);
      throw new ProblemException({
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: `The request is invalid: ${message}.`,
        detailId: `Permintaan tidak valid: ${message}.`,
        errors: [{ field: 'agency', constraint: 'scope', message }],
      });
    }
    const exp = decodeJwt(token).exp ?? 0;
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }
}
