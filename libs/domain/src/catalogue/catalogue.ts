// Sanction and violation catalogues and the supervisory-body setting, as versioned data with their legal
// basis. The rules that regions interpret differently (which sanction levels a violation allows) live in the
// data, so an administrator amends them without a code change; every decision records the versions it used.
import { bundledData, deepFreeze } from '../bundled-data';
import { EMPLOYEE } from '../case/vocabulary';
import { PAY_SCHEMES, type PayScheme } from './agencies';
import { parseSourced, type Sourced } from './confidence';
import { DomainError } from '../errors';
import { type CivilDate } from '../time';
import { asArray, asBoolean, asDate, asNonNegativeInt, asObject, asOneOf, asString, fail } from './validate';

export const EMPLOYEE_TYPES = EMPLOYEE.codes;
export type EmployeeType = (typeof EMPLOYEE_TYPES)[number];

/** ringan/sedang/berat (PP 94/2021 Ps 8), moral (PP 42/2004 Ps 15), ptdh (UU 20/2023 Ps 52). */
export const SANCTION_LEVELS = ['ringan', 'sedang', 'berat', 'moral', 'ptdh'] as const;
export type SanctionLevel = (typeof SANCTION_LEVELS)[number];

/** disciplinary = examination track (PP 94/2021); moral = Majelis Kode Etik track (PP 42/2004). */
export type SanctionKind = 'disciplinary' | 'moral';

export interface Sanction extends Sourced {
  code: string;
  name: string;
  gloss: string;
  kind: SanctionKind;
  level: SanctionLevel;
  /** Orders sanctions within a kind, to tell whether an objection outcome lightened or increased it. */
  severity: number;
  /** Allowed periods in months; empty = not time-bound. */
  periodMonths: number[];
  /** Dismissals are appealed to BPASN by banding; everything else by keberatan (PP 79/2021). */
  dismissal: boolean;
  requiresTimPemeriksa: boolean;
  /** Only the PPK himself may decide it (no delegation). */
  ppkOnly: boolean;
  appliesTo: EmployeeType[];
  /**
   * The agency pay schemes the sanction is valid for (the sedang variants: tukin, TPP, PP 53/2010 transitional
   * set; domain.md Sanction catalogue); empty = any scheme. Absent in catalogues carried by older cases.
   */
  paySchemes?: PayScheme[];
  /**
   * Decided on its own track (PTDH for party membership: ptdh_partai, UU 20/2023 Ps 52(3) huruf j), never after
   * a PP 94/2021 hearing. Absent in catalogues carried by older cases (no such restriction then).
   */
  ownTrack?: boolean;
}

export interface SanctionCatalogue {
  version: string;
  effectiveFrom: CivilDate;
  legalBasis: string[];
  /**
   * Whether a moral sanction can be objected to (keberatan): unsettled in law, so a setting, default off
   * (domain.md Sanction catalogue [I]). Absent in catalogues carried by older cases: off.
   */
  moralSanctionObjection?: boolean;
  sanctions: Sanction[];
}

export interface ViolationType extends Sourced {
  code: string;
  name: string;
  gloss: string;
  /** The levels under the default reading. */
  allowedLevels: SanctionLevel[];
  /** Where sources differ (SKB 2022 annex): the levels under another reading, by reading code. */
  readings?: Partial<Record<string, SanctionLevel[]>>;
}

/** A way to read the SKB 2022 annex where sources disagree; an administrator chooses one per agency. */
export interface ViolationReading extends Sourced {
  code: string;
  name: string;
  gloss: string;
}

export interface ViolationCatalogue {
  version: string;
  effectiveFrom: CivilDate;
  legalBasis: string[];
  /** The reading of `allowedLevels`; absent in catalogues carried by older cases. */
  defaultReading?: string;
  readings?: ViolationReading[];
  violations: ViolationType[];
}

export interface SupervisoryBodyPeriod extends Sourced {
  body: string;
  name: string;
  from: CivilDate;
  /** Inclusive; null = still in office. */
  to: CivilDate | null;
}

export interface SupervisoryBodySetting {
  version: string;
  periods: SupervisoryBodyPeriod[];
}

/** Everything decide() needs from the catalogues, with their versions. */
export interface Catalogues {
  sanctions: SanctionCatalogue;
  violations: ViolationCatalogue;
  supervisoryBodies: SupervisoryBodySetting;
}

export interface CatalogueVersions {
  sanctions: string;
  violations: string;
  supervisoryBodies: string;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing amended data

export function parseSanctionCatalogue(json: unknown): SanctionCatalogue {
  const root = asObject(json, 'sanction catalogue');
  const sanctions = asArray(root.sanctions, 'sanctions').map((raw, i): Sanction => {
    const s = asObject(raw, `sanctions[${i}]`);
    const at = (field: string) => `sanctions[${i}].${field}`;
    return {
      code: asString(s.code, at('code')),
      name: asString(s.name, at('name')),
      gloss: asString(s.gloss, at('gloss')),
      kind: asOneOf(s.kind, ['disciplinary', 'moral'] as const, at('kind')),
      level: asOneOf(s.level, SANCTION_LEVELS, at('level')),
      severity: asNonNegativeInt(s.severity, at('severity')),
      periodMonths: asArray(s.periodMonths, at('periodMonths')).map((m, j) =>
        asNonNegativeInt(m, `${at('periodMonths')}[${j}]`),
      ),
      dismissal: asBoolean(s.dismissal, at('dismissal')),
      requiresTimPemeriksa: asBoolean(s.requiresTimPemeriksa, at('requiresTimPemeriksa')),
      ppkOnly: asBoolean(s.ppkOnly, at('ppkOnly')),
      appliesTo: asArray(s.appliesTo, at('appliesTo')).map((t, j) =>
        asOneOf(t, EMPLOYEE_TYPES, `${at('appliesTo')}[${j}]`),
      ),
      paySchemes:
        s.paySchemes === undefined
          ? []
          : asArray(s.paySchemes, at('paySchemes')).map((p, j) =>
              asOneOf(p, PAY_SCHEMES, `${at('paySchemes')}[${j}]`),
            ),
      ownTrack: s.ownTrack === undefined ? false : asBoolean(s.ownTrack, at('ownTrack')),
      ...parseSourced(s, at),
    };
  });
  assertUniqueCodes(sanctions, 'sanctions');
  return {
    version: asString(root.version, 'version'),
    effectiveFrom: asDate(root.effectiveFrom, 'effectiveFrom'),
    legalBasis: asArray(root.legalBasis, 'legalBasis').map((b, i) => asString(b, `legalBasis[${i}]`)),
    moralSanctionObjection:
      root.moralSanctionObjection === undefined
        ? false
        : asBoolean(root.moralSanctionObjection, 'moralSanctionObjection'),
    sanctions,
  };
}

function parseLevels(value: unknown, where: string): SanctionLevel[] {
  const levels = asArray(value, where).map((l, j) => asOneOf(l, SANCTION_LEVELS, `${where}[${j}]`));
  if (levels.length === 0) fail(where, 'at least one level');
  return levels;
}

export function parseViolationCatalogue(json: unknown): ViolationCatalogue {
  const root = asObject(json, 'violation catalogue');
  const readings = asArray(root.readings ?? [], 'readings').map((raw, i): ViolationReading => {
    const r = asObject(raw, `readings[${i}]`);
    const at = (field: string) => `readings[${i}].${field}`;
    return {
      code: asString(r.code, at('code')),
      name: asString(r.name, at('name')),
      gloss: asString(r.gloss, at('gloss')),
      ...parseSourced(r, at),
    };
  });
  assertUniqueCodes(readings, 'readings');
  const readingCodes = readings.map((r) => r.code);
  const defaultReading =
    root.defaultReading === undefined
      ? undefined
      : asOneOf(root.defaultReading, readingCodes, 'defaultReading');
  const violations = asArray(root.violations, 'violations').map((raw, i): ViolationType => {
    const v = asObject(raw, `violations[${i}]`);
    const at = (field: string) => `violations[${i}].${field}`;
    const alternatives = asObject(v.readings ?? {}, at('readings'));
    const parsedReadings: Record<string, SanctionLevel[]> = {};
    for (const [code, levels] of Object.entries(alternatives)) {
      asOneOf(code, readingCodes, `${at('readings')}.${code}`);
      parsedReadings[code] = parseLevels(levels, `${at('readings')}.${code}`);
    }
    return {
      code: asString(v.code, at('code')),
      name: asString(v.name, at('name')),
      gloss: asString(v.gloss, at('gloss')),
      allowedLevels: parseLevels(v.allowedLevels, at('allowedLevels')),
      readings: parsedReadings,
      ...parseSourced(v, at),
    };
  });
  assertUniqueCodes(violations, 'violations');
  return {
    version: asString(root.version, 'version'),
    effectiveFrom: asDate(root.effectiveFrom, 'effectiveFrom'),
    legalBasis: asArray(root.legalBasis, 'legalBasis').map((b, i) => asString(b, `legalBasis[${i}]`)),
    ...(defaultReading === undefined ? {} : { defaultReading }),
    readings,
    violations,
  };
}

export function parseSupervisoryBodySetting(json: unknown): SupervisoryBodySetting {
  const root = asObject(json, 'supervisory bodies');
  const periods = asArray(root.periods, 'periods').map((raw, i): SupervisoryBodyPeriod => {
    const p = asObject(raw, `periods[${i}]`);
    const at = (field: string) => `periods[${i}].${field}`;
    return {
      body: asString(p.body, at('body')),
      name: asString(p.name, at('name')),
      from: asDate(p.from, at('from')),
      to: p.to === null ? null : asDate(p.to, at('to')),
      ...parseSourced(p, at),
    };
  });
  const sorted = [...periods].sort((a, b) => (a.from < b.from ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    if (previous.to === null || previous.to >= sorted[i].from) fail('periods', 'periods overlap');
  }
  return { version: asString(root.version, 'version'), periods: sorted };
}

function assertUniqueCodes(items: { code: string }[], where: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.code)) fail(where, `duplicate code ${item.code}`);
    seen.add(item.code);
  }
}

/** The catalogues shipped in libs/domain/data (frozen). */
export const DEFAULT_CATALOGUES: Catalogues = deepFreeze({
  sanctions: parseSanctionCatalogue(bundledData.sanctionCatalogue),
  violations: parseViolationCatalogue(bundledData.violationCatalogue),
  supervisoryBodies: parseSupervisoryBodySetting(bundledData.supervisoryBodies),
});

// ---------------------------------------------------------------------------------------------------------
// Queries

export function catalogueVersions(catalogues: Catalogues): CatalogueVersions {
  return {
    sanctions: catalogues.sanctions.version,
    violations: catalogues.violations.version,
    supervisoryBodies: catalogues.supervisoryBodies.version,
  };
}

export function findSanction(catalogues: Catalogues, code: string): Sanction | undefined {
  return catalogues.sanctions.sanctions.find((s) => s.code === code);
}

export function getSanction(catalogues: Catalogues, code: string): Sanction {
  const sanction = findSanction(catalogues, code);
  if (!sanction) {
    throw new DomainError(
      'UNKNOWN_SANCTION',
      `${code} is not in sanction catalogue ${catalogues.sanctions.version}`,
      {
        sanctionCode: code,
        catalogueVersion: catalogues.sanctions.version,
      },
    );
  }
  return sanction;
}

export function findViolation(catalogues: Catalogues, code: string): ViolationType | undefined {
  return catalogues.violations.violations.find((v) => v.code === code);
}

export function getViolation(catalogues: Catalogues, code: string): ViolationType {
  const violation = findViolation(catalogues, code);
  if (!violation) {
    throw new DomainError(
      'UNKNOWN_VIOLATION_TYPE',
      `${code} is not in violation catalogue ${catalogues.violations.version}`,
      { violationType: code, catalogueVersion: catalogues.violations.version },
    );
  }
  return violation;
}

/** The reading a new case records: the administrator's choice if the catalogue knows it, else the default. */
export function readingFor(catalogues: Catalogues, chosen: string | null | undefined): string | null {
  const readings = catalogues.violations.readings ?? [];
  if (chosen && readings.some((r) => r.code === chosen)) return chosen;
  return catalogues.violations.defaultReading ?? null;
}

/**
 * The levels a violation allows under a reading (SKB 2022 annex, where sources differ); the default reading's
 * `allowedLevels` when the reading is null (cases registered before readings existed) or has no entry.
 */
export function allowedLevelsOf(violation: ViolationType, reading: string | null = null): SanctionLevel[] {
  return (reading !== null ? violation.readings?.[reading] : undefined) ?? violation.allowedLevels;
}

/** Whether a sanction is valid for a pay scheme; a null scheme (unknown agency) allows every variant. */
export function fitsPayScheme(sanction: Sanction, payScheme: PayScheme | null): boolean {
  const schemes = sanction.paySchemes ?? [];
  return payScheme === null || schemes.length === 0 || schemes.includes(payScheme);
}

/** The sanctions the catalogue allows for a violation type (PP 94/2021 Ps 13 g / 14 i; SKB 2022 annex). */
export function allowedSanctionsFor(
  catalogues: Catalogues,
  violationCode: string,
  reading: string | null = null,
): Sanction[] {
  const levels = allowedLevelsOf(getViolation(catalogues, violationCode), reading);
  return catalogues.sanctions.sanctions.filter((s) => levels.includes(s.level));
}

export function isSanctionAllowed(
  catalogues: Catalogues,
  violationCode: string,
  sanctionCode: string,
  reading: string | null = null,
): boolean {
  const violation = findViolation(catalogues, violationCode);
  const sanction = findSanction(catalogues, sanctionCode);
  return !!violation && !!sanction && allowedLevelsOf(violation, reading).includes(sanction.level);
}

/** The supervisory body in office on a date (KASN until 24 Aug 2024, BKN after), or undefined. */
export function supervisoryBodyOn(
  setting: SupervisoryBodySetting,
  date: CivilDate,
): SupervisoryBodyPeriod | undefined {
  return setting.periods.find((p) => p.from <= date && (p.to === null || date <= p.to));
}

/** Of several versions of a data set, the one in force on a date: the latest whose effectiveFrom ≤ date. */
export function versionInForce<T extends { effectiveFrom: CivilDate; version: string }>(
  versions: readonly T[],
  date: CivilDate,
): T | undefined {
  return [...versions]
    .filter((v) => v.effectiveFrom <= date)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0))
    .pop();
}
