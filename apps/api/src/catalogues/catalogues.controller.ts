/**
 * GET /catalogues: every code a client sends or reads (violations, sanctions with levels, periods and legal
 * basis, employee types, agencies, bodies, outcomes, stages, commands with their preconditions), from the
 * domain's data in force, so officers need not read the source tree.
 */
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CLARIFYING,
  CLOSING,
  CRIMINAL_REFERRAL_OUTCOME,
  COMMANDS,
  DEFAULT_AGENCIES,
  DEFAULT_CATALOGUES,
  DEFAULT_DEADLINE_POLICY,
  DELIVERY,
  ELECTION,
  EMPLOYEE,
  OBJECTION_OUTCOME,
  RECOMMENDING,
  REPORT_SOURCE,
  REQUIRED_TIM_PEMERIKSA_ROLES,
  STAGE_TABLE,
  STAGE,
  TIM_PEMERIKSA,
  type Term,
  allowedLevelsOf,
  allowedSanctionsFor,
} from '@netral/domain';
import { CataloguesView } from './catalogues.views';

const term = ({ code, name, gloss, legalBasis }: Term) => ({ code, name, gloss, legalBasis });

/** Built once: the catalogues are the versioned data shipped with this build. */
function buildCatalogues(): CataloguesView {
  const { sanctions, violations, supervisoryBodies } = DEFAULT_CATALOGUES;
  const readings = violations.readings ?? [];
  const codes = (violation: string, reading: string | null) =>
    allowedSanctionsFor(DEFAULT_CATALOGUES, violation, reading).map((s) => s.code);
  return {
    sanctions: {
      ...sanctions,
      moralSanctionObjection: sanctions.moralSanctionObjection ?? false,
      sanctions: sanctions.sanctions.map((s) => ({
        ...s,
        paySchemes: [...(s.paySchemes ?? [])],
        ownTrack: s.ownTrack ?? false,
      })),
    },
    violations: {
      version: violations.version,
      effectiveFrom: violations.effectiveFrom,
      legalBasis: [...violations.legalBasis],
      defaultReading: violations.defaultReading ?? '',
      readings: readings.map((r) => ({ ...r })),
      violations: violations.violations.map((violation) => {
        // The view lists the levels per reading in byReading instead of the data's sparse map.
        const { readings: _alternatives, ...v } = violation;
        return {
          ...v,
          allowedSanctions: codes(v.code, null),
          byReading: readings.map((r) => ({
            reading: r.code,
            allowedLevels: [...allowedLevelsOf(violation, r.code)],
            allowedSanctions: codes(v.code, r.code),
          })),
        };
      }),
    },
    supervisoryBodies: { ...supervisoryBodies, periods: supervisoryBodies.periods.map((p) => ({ ...p })) },
    agencies: { ...DEFAULT_AGENCIES, agencies: DEFAULT_AGENCIES.agencies.map((a) => ({ ...a })) },
    deadlinePolicy: {
      version: DEFAULT_DEADLINE_POLICY.version,
      rules: DEFAULT_DEADLINE_POLICY.rules.map(
        ({ id, name, gloss, length, unit, confidence, legalBasis }) => ({
          id,
          name,
          gloss,
          length,
          unit,
          confidence,
          legalBasis,
        }),
      ),
    },
    employeeTypes: EMPLOYEE.terms.map(term),
    clarifyingBodies: CLARIFYING.terms.map(term),
    recommendingBodies: RECOMMENDING.terms.map(term),
    reportSources: REPORT_SOURCE.terms.map(term),
    electionKinds: ELECTION.terms.map(term),
    timPemeriksaRoles: TIM_PEMERIKSA.terms.map((t) => ({
      ...term(t),
      required: REQUIRED_TIM_PEMERIKSA_ROLES.includes(t.code),
    })),
    deliveryMethods: DELIVERY.terms.map(term),
    objectionOutcomes: OBJECTION_OUTCOME.terms.map(term),
    closingOutcomes: CLOSING.terms.map(term),
    criminalReferralOutcomes: CRIMINAL_REFERRAL_OUTCOME.terms.map(term),
    stages: STAGE.terms.map(term),
    commands: COMMANDS.map((c) => ({
      type: c.type,
      description: c.description,
      roles: [...c.roles],
      stages: [...STAGE_TABLE[c.type].stages],
      preconditions: (STAGE_TABLE[c.type].preconditions ?? []).map(({ id, description }) => ({
        id,
        description,
      })),
      system: c.system,
    })),
  };
}

@ApiTags('catalogues')
@Controller()
export class CataloguesController {
  private readonly catalogues = buildCatalogues();

  @Get('catalogues')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({
    operationId: 'catalogues',
    summary: 'Codes and their legal basis',
    description:
      'The catalogues in force: violation types with the sanction levels and sanctions they allow, sanctions with level, periods, track and legal basis, the supervisory bodies by date, agencies with their pay scheme, the deadline rules, employee types, clarifying and recommending bodies, report sources, election kinds, Tim Pemeriksa roles, delivery methods, objection and closing outcomes, stages, and every command with the roles, stages and preconditions it needs.',
  })
  @ApiOkResponse({ type: CataloguesView })
  get(): CataloguesView {
    return this.catalogues;
  }
}
