// Ethics track (PP 42/2004): the Majelis Kode Etik hears the ASN and recommends a moral sanction.
import { getSanction } from '../catalogue';
import { DomainError } from '../errors';
import { type CaseEvent, event } from '../case/events';
import { type Handlers, pastDate, notBefore, close, dependsOn } from './shared';

export const ethicsHandlers: Handlers<'ConveneMajelisKodeEtik' | 'RecordMajelisRecommendation'> = {
  ConveneMajelisKodeEtik(input, state, context) {
    const decreeDate = pastDate(input, 'decreeDate', state, context);
    // The Majelis is convened on the PPK's follow-up choosing the ethics track (PP 42/2004).
    dependsOn(decreeDate, state.followUp?.letterDate, 'decreeDate', 'followUp', context);
    const hearingDate = input.date('hearingDate');
    notBefore(hearingDate, decreeDate, 'hearingDate', 'decreeDate');
    return [
      event('MajelisKodeEtikConvened', {
        decreeNumber: input.str('decreeNumber'),
        decreeDate,
        members: input.strings('members', { nonEmpty: true }),
        hearingDate,
        at: context.now,
      }),
    ];
  },

  RecordMajelisRecommendation(input, state, context) {
    const majelis = state.ethics.majelis;
    if (!majelis) throw new DomainError('WRONG_STAGE', 'the Majelis Kode Etik has not been convened');
    const proven = input.bool('proven');
    const decidedOn = pastDate(input, 'decidedOn', state, context);
    notBefore(decidedOn, majelis.hearingDate, 'decidedOn', 'hearing');
    const recommendedSanction = proven ? input.str('recommendedSanction') : null;
    if (recommendedSanction && getSanction(context.catalogues, recommendedSanction).kind !== 'moral') {
      throw new DomainError('SANCTION_TRACK_MISMATCH', `${recommendedSanction} is not a moral sanction`);
    }
    const minutesRef = input.str('minutesRef');
    const events: CaseEvent[] = [
      event('MajelisKodeEtikRecommended', {
        proven,
        recommendedSanction,
        minutesRef,
        decidedOn,
        at: context.now,
      }),
    ];
    if (!proven) events.push(close('not_proven', `Majelis Kode Etik ${minutesRef}`, context));
    return events;
  },
};
