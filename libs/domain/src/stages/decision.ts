// Decision and delivery (Lifecycle 5-6): the PPK decides a sanction the catalogue allows (or an approved
// departure); the decree is delivered.
import { catalogueVersions, getSanction, isSanctionAllowed } from '../catalogue';
import { DomainError } from '../errors';
import { DELIVERY_METHODS, SANCTION_PERIOD_MONTHS } from '../case/vocabulary';
import { type CaseEvent, event } from '../case/events';
import { type DecisionContext } from '../case/commands';
import { type CaseState, type Track } from '../case/state';
import { type Handlers, pastDate, notBefore, checkSanctionFits, close, horizonDays } from './shared';

/**
 * A moral sanction beside the disciplinary one for the same act (PP 42/2004 Ps 16 [S]): only on the examination
 * track, only one, and it must fit the violation like any sanction. The PPK may delegate it (Ps 15(5) [S]).
 */
function moralBeside(
  code: string | null,
  track: Track,
  authority: 'ppk' | 'delegated',
  state: CaseState,
  context: DecisionContext,
): { code: string; departureJustification: string | null } | null {
  if (code === null) return null;
  const moral = getSanction(context.catalogues, code);
  if (moral.kind !== 'moral' || track !== 'examination') {
    throw new DomainError(
      'MORAL_SANCTION_COMBINATION_NOT_ALLOWED',
      `${moral.code} (${moral.kind}) beside a decision on the ${track} track`,
      { moralSanctionCode: moral.code, track },
    );
  }
  if (moral.ppkOnly && authority !== 'ppk') {
    throw new DomainError('DECIDING_OFFICIAL_NOT_AUTHORISED', `${moral.code} is decided by the PPK only`);
  }
  const fit = checkSanctionFits(moral, null, state, context);
  return { code: moral.code, departureJustification: fit.departureJustification };
}

export const decisionHandlers: Handlers<'ApproveSanctionDeparture' | 'DecideSanction' | 'RecordDelivery'> = {
  ApproveSanctionDeparture(input, state, context) {
    const sanction = getSanction(context.catalogues, input.str('sanctionCode'));
    // Under the reading the case recorded at registration (SKB 2022 readings), as the decision checks it.
    const reading = state.violationReading ?? null;
    if (isSanctionAllowed(context.catalogues, state.violationType ?? '', sanction.code, reading)) {
      throw new DomainError(
        'INVALID_COMMAND',
        `${sanction.code} is allowed by the catalogue; no departure needed`,
        {
          field: 'sanctionCode',
        },
      );
    }
    return [
      event('SanctionDepartureApproved', {
        sanctionCode: sanction.code,
        justification: input.str('justification'),
        approvedBy: context.actor.id,
        catalogueVersion: context.catalogues.violations.version,
        at: context.now,
      }),
    ];
  },

  DecideSanction(input, state, context) {
    const sanction = getSanction(context.catalogues, input.str('sanctionCode'));
    const track = state.followUp?.track ?? 'examination';
    // Moral sanctions come from the Majelis (PP 42/2004), PTDH for party membership from its own track
    // (UU 20/2023 Ps 52(3) huruf j), everything else from the PP 94/2021 examination.
    const fitsTrack =
      track === 'majelis_kode_etik'
        ? sanction.kind === 'moral'
        : track === 'ptdh_partai'
          ? sanction.level === 'ptdh'
          : sanction.kind === 'disciplinary' && !sanction.ownTrack;
    if (!fitsTrack) {
      throw new DomainError(
        'SANCTION_TRACK_MISMATCH',
        `${sanction.code} (${sanction.kind}) on the ${track} track`,
      );
    }
    if (sanction.requiresTimPemeriksa && !state.examination.timPemeriksa) {
      throw new DomainError('TIM_PEMERIKSA_REQUIRED', `${sanction.code} is ${sanction.level}`);
    }
    const periodMonths = input.optInt('periodMonths', SANCTION_PERIOD_MONTHS.min, SANCTION_PERIOD_MONTHS.max);
    const fit = checkSanctionFits(sanction, periodMonths, state, context);
    const official = input.obj('decidingOfficial');
    const authority = official.oneOf('authority', ['ppk', 'delegated'] as const);
    const delegationRef = official.optStr('delegationRef');
    if (authority === 'delegated' && !delegationRef) {
      throw new DomainError(
        'DECIDING_OFFICIAL_NOT_AUTHORISED',
        'a delegated official needs the delegation reference',
      );
    }
    if (sanction.ppkOnly && authority !== 'ppk') {
      throw new DomainError(
        'DECIDING_OFFICIAL_NOT_AUTHORISED',
        `${sanction.code} is decided by the PPK only`,
      );
    }
    const moral = moralBeside(input.optStr('moralSanctionCode'), track, authority, state, context);
    const decreeDate = pastDate(input, 'decreeDate', state, context);
    if (track === 'ptdh_partai' && state.followUp) {
      notBefore(decreeDate, state.followUp.letterDate, 'decreeDate', 'letterDate');
    } else if (horizonDays(context) !== null) {
      // The decree follows what it decides on: the BAP, the second missed hearing, or the Majelis.
      const { bap, hearings } = state.examination;
      const missed = hearings.filter((h) => !h.attended);
      if (track === 'majelis_kode_etik' && state.ethics.recommendation) {
        notBefore(decreeDate, state.ethics.recommendation.decidedOn, 'decreeDate', 'majelis');
      } else if (bap) notBefore(decreeDate, bap.signedOn, 'decreeDate', 'bap');
      else if (missed.length >= 2) {
        notBefore(decreeDate, missed[missed.length - 1].hearingDate, 'decreeDate', 'missedHearing');
      }
    }
    return [
      event('SanctionDecided', {
        sanctionCode: sanction.code,
        kind: sanction.kind,
        level: sanction.level,
        periodMonths,
        dismissal: sanction.dismissal,
        decreeNumber: input.str('decreeNumber'),
        decreeDate,
        decidingOfficial: {
          name: official.str('name'),
          position: official.str('position'),
          authority,
          delegationRef: authority === 'delegated' ? delegationRef : null,
        },
        moralSanctionCode: moral?.code ?? null,
        catalogueVersions: catalogueVersions(context.catalogues),
        allowedByCatalogue: fit.allowedByCatalogue,
        departureJustification: fit.departureJustification ?? moral?.departureJustification ?? null,
        withoutExamination: track === 'examination' && state.examination.bap === null,
        at: context.now,
      }),
    ];
  },

  RecordDelivery(input, state, context) {
    const decision = state.decision;
    if (!decision) throw new DomainError('WRONG_STAGE', 'nothing decided');
    const deliveredOn = pastDate(input, 'deliveredOn', state, context);
    notBefore(deliveredOn, decision.decreeDate, 'deliveredOn', 'decreeDate');
    // Dismissals are appealed to BPASN (banding administratif); other disciplinary sanctions by keberatan
    // (PP 79/2021). A moral sanction by keberatan only where the catalogue's setting allows it [I].
    const moralRoute = context.catalogues.sanctions.moralSanctionObjection ? 'keberatan' : 'none';
    const objectionRoute =
      decision.kind === 'moral' ? moralRoute : decision.dismissal ? 'banding' : 'keberatan';
    const method = input.oneOf('method', DELIVERY_METHODS);
    // Absent ASN: the decision goes to the last known address (domain.md "Delivery" [C]), which is recorded.
    const address = method === 'sent_to_last_known_address' ? input.str('lastKnownAddress') : null;
    const events: CaseEvent[] = [
      event('DecisionDelivered', {
        deliveredOn,
        method,
        proofRef: input.str('proofRef'),
        ...(address ? { lastKnownAddress: address } : {}),
        objectionRoute,
        at: context.now,
      }),
    ];
    if (objectionRoute === 'none') events.push(close('moral_sanction', null, context));
    return events;
  },
};
