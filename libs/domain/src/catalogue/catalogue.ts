// Sanction and violation catalogues and the supervisory-body setting, as versioned data with their legal
// basis. The rules that regions interpret differently (which sanction levels a violation allows) live in the
// data, so an administrator amends them without a code change; every decision records the versions it used.
import { bundledData, deepFreeze } from '../bundled-data';
import { EMPLOYEE } from '../case/vocabulary';
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

export interface Sanction {
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
  legalBasis: string;
}

export interface SanctionCatalogue {
  version: string;
  effectiveFrom: CivilDate;
  legalBasis: string[];
  sanctions: Sanction[];
}

export interface ViolationType {
  code: string;
  name: string;
  gloss: string;
  allowedLevels: SanctionLevel[];
  legalBasis: string;
}

export interface ViolationCatalogue {
  version: string;
  effectiveFrom: CivilDate;
  legalBasis: string[];
  violations: ViolationType[];
}

export interface SupervisoryBodyPeriod {
  body: string;
  name: string;
  from: CivilDate;
  /** Inclusive; null = still in office. */
  to: CivilDate | null;
  legalBasis: string;
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
      legalBasis: asString(s.legalBasis, at('legalBasis')),
    };
  });
  assertUniqueCodes(sanctions, 'sanctions');
  return {
    version: asString(root.version, 'version'),
    effectiveFrom: asDate(root.effectiveFrom, 'effectiveFrom'),
    legalBasis: asArray(root.legalBasis, 'legalBasis').map((b, i) => asString(b, `legalBasis[${i}]`)),
    sanctions,
  };
}

export function parseViolationCatalogue(json: unknown): ViolationCatalogue {
  const root = asObject(json, 'violation catalogue');
  const violations = asArray(root.violations, 'violations').map((raw, i): ViolationType => {
    const v = asObject(raw, `violations[${i}]`);
    const at = (field: string) => `violations[${i}].${field}`;
    const allowedLevels = asArray(v.allowedLevels, at('allowedLevels')).map((l, j) =>
      asOneOf(l, SANCTION_LEVELS, `${at('allowedLevels')}[${j}]`),
    );
    if (allowedLevels.length === 0) fail(at('allowedLevels'), 'at least one level');
    return {
      code: asString(v.code, at('code')),
      name: asString(v.name, at('name')),
      gloss: asString(v.gloss, at('gloss')),
      allowedLevels,
      legalBasis: asString(v.legalBasis, at('legalBasis')),
    };
  });
  assertUniqueCodes(violations, 'violations');
  return {
    version: asString(root.version, 'version'),
    effectiveFrom: asDate(root.effectiveFrom, 'effectiveFrom'),
    legalBasis: asArray(root.legalBasis, 'legalBasis').map((b, i) => asString(b, `legalBasis[${i}]`)),
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
      legalBasis: asString(p.legalBasis, at('legalBasis')),
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

/** The sanctions the catalogue allows for a violation type (PP 94/2021 Ps 13 g / 14 i; SKB 2022 annex). */
export function allowedSanctionsFor(catalogues: Catalogues, violationCode: string): Sanction[] {
  const violation = getViolation(catalogues, violationCode);
  return catalogues.sanctions.sanctions.filter((s) => violation.allowedLevels.includes(s.level));
}

export function isSanctionAllowed(
  catalogues: Catalogues,
  violationCode: string,
  sanctionCode: string,
): boolean {
  const violation = findViolation(catalogues, violationCode);
  const sanction = findSanction(catalogues, sanctionCode);
  return !!violation && !!sanction && violation.allowedLevels.includes(sanction.level);
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
