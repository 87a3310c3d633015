// The agencies (instansi) using Netral and their settings, as versioned data (libs/domain/data/agencies.json).
// The pay scheme decides which variant of a sedang sanction applies (PP 94/2021 Ps 8(3) and Ps 42).
import { bundledData } from '../bundled-data';
import { deepFreeze } from '../freeze';
import { INDONESIAN_TIME_ZONES } from '../time';
import { parseSourced, type Sourced } from './confidence';
import { asArray, asObject, asOneOf, asString, fail } from './validate';

/**
 * tukin: tunjangan kinerja (PP 94/2021 Ps 8(3)); tpp: Tambahan Penghasilan Pegawai of a local government [S];
 * pp53_transitional: neither, so PP 53/2010 Ps 7(3) applies through PP 94/2021 Ps 42 [S].
 */
export const PAY_SCHEMES = ['tukin', 'tpp', 'pp53_transitional'] as const;
export type PayScheme = (typeof PAY_SCHEMES)[number];

export interface Agency extends Sourced {
  /** The `agency` claim of the agency's tokens, e.g. kota-bekasi. */
  code: string;
  name: string;
  timeZone: string;
  payScheme: PayScheme;
}

export interface AgencySetting {
  version: string;
  agencies: Agency[];
}

export function parseAgencySetting(json: unknown): AgencySetting {
  const root = asObject(json, 'agencies');
  const zones = Object.keys(INDONESIAN_TIME_ZONES);
  const agencies = asArray(root.agencies, 'agencies').map((raw, i): Agency => {
    const a = asObject(raw, `agencies[${i}]`);
    const at = (field: string) => `agencies[${i}].${field}`;
    return {
      code: asString(a.code, at('code')),
      name: asString(a.name, at('name')),
      timeZone: asOneOf(a.timeZone, zones, at('timeZone')),
      payScheme: asOneOf(a.payScheme, PAY_SCHEMES, at('payScheme')),
      ...parseSourced(a, at),
    };
  });
  const seen = new Set<string>();
  for (const agency of agencies) {
    if (seen.has(agency.code)) fail('agencies', `duplicate code ${agency.code}`);
    seen.add(agency.code);
  }
  return { version: asString(root.version, 'version'), agencies };
}

export const DEFAULT_AGENCIES: AgencySetting = deepFreeze(parseAgencySetting(bundledData.agencies));

export function findAgency(setting: AgencySetting, code: string): Agency | undefined {
  return setting.agencies.find((a) => a.code === code);
}
