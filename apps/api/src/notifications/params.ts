// Path parameters of the directory and notification endpoints, checked before they reach SQL.
import { Injectable, type PipeTransform } from '@nestjs/common';
import { AGENCY_PATTERN, ProblemException } from '../platform';
import { PERSON_ID } from './notifications.dto';

function patternPipe(name: string, pattern: RegExp, english: string, indonesian: string) {
  @Injectable()
  class PatternPipe implements PipeTransform<string, string> {
    transform(value: string): string {
      if (typeof value === 'string' && pattern.test(value)) return value;
      throw new ProblemException({
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: `${name} must be ${english}.`,
        detailId: `${name} harus ${indonesian}.`,
        errors: [{ field: name, constraint: 'matches', message: `${name} must be ${english}` }],
      });
    }
  }
  return PatternPipe;
}

export const AgencyParamPipe = patternPipe(
  'agency',
  AGENCY_PATTERN,
  'an agency slug (lower-case letters, digits and dashes)',
  'kode instansi (huruf kecil, angka dan tanda hubung)',
);
export const PersonIdParamPipe = patternPipe(
  'personId',
  PERSON_ID,
  'a person id as tokens carry it',
  'id orang seperti pada token',
);
export const OutboxIdParamPipe = patternPipe(
  'id',
  /^[A-Za-z0-9][A-Za-z0-9:._@-]{0,300}$/,
  'a notification id',
  'id notifikasi',
);
