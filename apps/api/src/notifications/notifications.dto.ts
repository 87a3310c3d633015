/**
 * Bodies, parameters and answers of the directory and notification endpoints. Role and zone codes come from
 * their one home (the domain's recipient roles, the event store's zones and languages).
 */
import { ApiProperty } from '@nestjs/swagger';
import { RECIPIENT_ROLES, type RecipientRole } from '@netral/domain';
import { AGENCY_TIME_ZONES, NOTIFICATION_LANGUAGES, type NotificationLanguage } from '@netral/event-store';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { AGENCY_PATTERN } from '../platform';

/** Person ids as tokens carry them (agency slugs: AGENCY_PATTERN, from the platform's roles). */
export const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

export class DirectoryAgencyBody {
  @ApiProperty({ example: 'Pemerintah Kota Bekasi', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    enum: AGENCY_TIME_ZONES,
    description:
      'Zone of the office hours e-mails are sent in: WIB (Asia/Jakarta), WITA (Asia/Makassar), WIT (Asia/Jayapura)',
    example: 'Asia/Jakarta',
  })
  @IsIn(AGENCY_TIME_ZONES)
  timeZone!: string;
}

export class DirectoryPersonBody {
  @ApiProperty({ example: 'Ani Wulandari', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: 'ani@inspektorat.bekasikota.go.id',
    description:
      'null or absent: the person is listed but cannot be e-mailed (their notifications go to the dead-letter list)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail({ require_tld: false }, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @ApiProperty({ enum: RECIPIENT_ROLES, isArray: true, example: ['case_officer'] })
  @ArrayNotEmpty()
  @ArrayMaxSize(RECIPIENT_ROLES.length)
  @IsIn(RECIPIENT_ROLES, { each: true })
  roles!: RecipientRole[];

  @ApiProperty({ enum: NOTIFICATION_LANGUAGES, required: false, default: 'id' })
  @IsOptional()
  @IsIn(NOTIFICATION_LANGUAGES)
  language?: NotificationLanguage;
}

export class DeadLetterQuery {
  @ApiProperty({ required: false, description: 'Agency slug (national admins; others see their own agency)' })
  @IsOptional()
  @Matches(AGENCY_PATTERN, { message: 'agency must be an agency slug' })
  agency?: string;
}

export class DirectoryAgencyView {
  @ApiProperty() agency!: string;
  @ApiProperty() name!: string;
  @ApiProperty() timeZone!: string;
}

export class DirectoryPersonView {
  @ApiProperty() agency!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: RECIPIENT_ROLES, isArray: true }) roles!: RecipientRole[];
  @ApiProperty({ enum: NOTIFICATION_LANGUAGES }) language!: NotificationLanguage;
}

export class DirectoryView {
  @ApiProperty({ type: DirectoryAgencyView, nullable: true }) agency!: DirectoryAgencyView | null;
  @ApiProperty({ type: DirectoryPersonView, isArray: true }) people!: DirectoryPersonView[];
}

export class DeadLetterView {
  @ApiProperty() id!: string;
  @ApiProperty() notificationId!: string;
  @ApiProperty({ enum: ['reminder', 'escalation', 'digest'] }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) caseId!: string | null;
  @ApiProperty() agency!: string;
  @ApiProperty({ enum: RECIPIENT_ROLES }) recipientRole!: string;
  @ApiProperty({ type: String, nullable: true }) personId!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it was given up: the SMTP answer, or what is missing',
  })
  lastError!: string | null;
  @ApiProperty() createdAt!: string;
}

export class DeadLetterListView {
  @ApiProperty({ type: DeadLetterView, isArray: true }) items!: DeadLetterView[];
}

export class InboxItemView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['reminder', 'escalation'] }) kind!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ description: 'In Bahasa Indonesia' }) message!: string;
  @ApiProperty({ type: String, nullable: true }) dueAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() read!: boolean;
}

export class InboxView {
  @ApiProperty() unread!: number;
  @ApiProperty({ type: InboxItemView, isArray: true, description: 'Newest first, at most 50' })
  items!: InboxItemView[];
}
