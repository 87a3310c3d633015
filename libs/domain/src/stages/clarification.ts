// Clarification (Lifecycle 2-3): Inspektorat or BKPSDM clarifies; Bawaslu or the supervisory body (KASN, then
// BKN) recommends.
import { SANCTION_LEVELS, getSanction, supervisoryBodyOn } from '../catalogue';
import { DomainError } from '../errors';
import { formatTanggal } from '../time';
import { CLARIFYING_BODIES, RECOMMENDING_BODIES } from '../case/vocabulary';
import { event } from '../case/events';
import { type Handlers, pastDate, notBefore, close, occurredOn, knownOccurredOn, dependsOn } from './shared';

export const clarificationHandlers: Handlers<
  'StartClarification' | 'RecordClarificationResult' | 'RecordRecommendation'
> = {
  StartClarification(input, state, context) {
    return [
      event('ClarificationStarted', {
        by: input.oneOf('by', CLARIFYING_BODIES),
        letterReference: input.optStr('letterReference'),
        // Not before the report's receipt (pastDate): nothing is clarified before it is known.
        ...occurredOn(input, state, context),
        at: context.now,
      }),
    ];
  },

  RecordClarificationResult(input, state, context) {
    const result = input.oneOf('result', ['not_proven', 'proceed'] as const);
    const reportReference = input.str('reportReference');
    const summary = input.str('summary');
    // The LHP concludes the clarification it reports on, so it cannot predate its start.
    const lhpOn = occurredOn(input, state, context);
    dependsOn(
      knownOccurredOn(lhpOn),
      state.clarification?.startedOn,
      'occurredOn',
      'clarificationStart',
      context,
    );
    if (result === 'not_proven') {
      return [
        event('ClarificationConcluded', {
          ...lhpOn,
          result,
          likelyLevel: null,
          timPemeriksaNeeded: null,
          reportReference,
          summary,
          at: context.now,
        }),
        close('not_proven', summary, context),
      ];
    }
    const likelyLevel = input.oneOf('likelyLevel', SANCTION_LEVELS);
    const timPemeriksaNeeded = input.bool('timPemeriksaNeeded');
    // Tim Pemeriksa: optional for a suspected sedang breach, mandatory for berat (PP 94/2021).
    if ((likelyLevel === 'berat' || likelyLevel === 'ptdh') && !timPemeriksaNeeded) {
      throw new DomainError('TIM_PEMERIKSA_REQUIRED', `likely level ${likelyLevel}`);
    }
    return [
      event('ClarificationConcluded', {
        ...lhpOn,
        result,
        likelyLevel,
        timPemeriksaNeeded,
        reportReference,
        summary,
        at: context.now,
      }),
    ];
  },

  RecordRecommendation(input, state, context) {
    const body = input.oneOf('body', RECOMMENDING_BODIES);
    const letterDate = pastDate(input, 'letterDate', state, context, { letterDate: true });
    const receivedOn = pastDate(input, 'receivedOn', state, context);
    notBefore(receivedOn, letterDate, 'receivedOn', 'letterDate');
    if (body !== 'bawaslu') {
      // KASN until 24 Aug 2024, BKN after (Perpres 91–92/2024): a dated setting, not a constant.
      const inOffice = supervisoryBodyOn(context.catalogues.supervisoryBodies, letterDate);
      if (inOffice?.body !== body) {
        throw new DomainError(
          'WRONG_SUPERVISORY_BODY',
          `${body} on ${letterDate}; in office: ${inOffice?.body ?? 'none'}`,
          {
            body,
            letterDate,
            inOffice: inOffice?.body ?? null,
          },
          `${body} pada ${formatTanggal(letterDate)}; yang menjabat: ${inOffice?.body ?? 'tidak ada'}`,
        );
      }
    }
    const recommendedSanction = input.optStr('recommendedSanction');
    if (recommendedSanction !== null) getSanction(context.catalogues, recommendedSanction);
    return [
      event('RecommendationReceived', {
        body,
        letterNumber: input.str('letterNumber'),
        letterDate,
        receivedOn,
        proven: input.bool('proven'),
        recommendedSanction,
        at: context.now,
      }),
    ];
  },
};
