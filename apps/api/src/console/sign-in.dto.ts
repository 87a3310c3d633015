/** Bodies and answers of the console's sign-in endpoints. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES } from '../platform';

export class DevSignInDto {
  @ApiProperty({ enum: ROLES, example: 'officer' })
  @IsIn([...ROLES], { message: `role must be one of ${ROLES.join(', ')}` })
  role!: string;

  @ApiProperty({ description: 'Agency slug, or * (auditor and admin only)', example: 'kota-bekasi' })
  @Matches(/^(\*|[a-z0-9][a-z0-9-]{0,63})$/, { message: 'agency must be a slug such as kota-bekasi, or *' })
  agency!: string;

  @ApiPropertyOptional({ description: 'Display name (default: the user id)', example: 'Ani Suryani' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({
    description: 'User id (token subject); default `<role>-<agency>`',
    example: 'officer-kota-bekasi',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/, { message: 'sub must be a plain user id' })
  sub?: string;

  @ApiPropertyOptional({ description: 'Lifetime, at most 8h (default 8h)', example: '8h' })
  @IsOptional()
  @Matches(/^([1-9]\d{0,4}s|[1-9]\d{0,2}m|[1-8]h)$/, {
    message: 'ttl must look like 30s, 30m or 8h (at most 8h)',
  })
  ttl?: string;
}

export class DevSignInView {
  @ApiProperty({ description: 'A bearer token (HS256, signed with the local development secret)' })
  token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class AuthConfigView {
  @ApiProperty({
    enum: ['local', 'oidc'],
    description: 'local: development tokens from POST /auth/dev-sign-in; oidc: sign in at the issuer',
  })
  mode!: 'local' | 'oidc';
  @ApiPropertyOptional({
    description: 'OIDC issuer (oidc mode)',
    example: 'https://sso.example.go.id/realms/netral',
  })
  issuer?: string;
  @ApiPropertyOptional({
    description: 'OIDC client id of the console (oidc mode)',
    example: 'netral-console',
  })
  clientId?: string;
  @ApiPropertyOptional({ description: 'Scopes to request (oidc mode)', example: 'openid profile' })
  scope?: string;
}

export class OfficerView {
  @ApiProperty({ example: 'officer-ani' }) id!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Ani Suryani' }) name!: string | null;
  @ApiProperty({ example: 'kota-bekasi' }) agency!: string;
}

export class OfficerListView {
  @ApiProperty({ type: [OfficerView] }) items!: OfficerView[];
}
