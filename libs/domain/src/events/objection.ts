// Events of the objection: keberatan or banding filed in time, a late one rejected, the PPK's answer to an
// appeal and the outcome.
import { type CatalogueVersions } from '../catalogue';
import { type CivilDate } from '../time';
import { type Objection } from '../case/state';
import { type ObjectionOutcome } from '../case/vocabulary';
import { type At, enter, type Evolvers } from './evolving';

export interface ObjectionEventMap {
  ObjectionFiled: {
    kind: Objection['kind'];
    decidedBy: Objection['decidedBy'];
    filedOn: CivilDate;
    grounds: string;
    reference: string;
    timeliness: Objection['timeliness'];
    dueDate: CivilDate | null;
  } & At;
  LateObjectionRejected: { filedOn: CivilDate; reference: string; dueDate: CivilDate } & At;
  AppealAnswered: { answeredOn: CivilDate; letterNumber: string } & At;
  ObjectionDecided: {
    outcome: ObjectionOutcome;
    decidedOn: CivilDate;
    decisionRef: string;
    /** The sanction after the outcome (null when annulled). */
    sanctionCode: string | null;
    periodMonths: number | null;
    catalogueVersions: CatalogueVersions;
  } & At;
}

export const objectionEvolvers: Evolvers<ObjectionEventMap> = {
  ObjectionFiled: (d, next) =>
    enter(
      {
        ...next,
        objection: {
          kind: d.kind,
          decidedBy: d.decidedBy,
          filedOn: d.filedOn,
          grounds: d.grounds,
          reference: d.reference,
          timeliness: d.timeliness,
          appealAnswer: null,
          outcome: null,
        },
      },
      'objection',
      d.at,
      d.filedOn,
    ),
  LateObjectionRejected: (d, next, state) => ({
    ...next,
    lateObjections: [
      ...state.lateObjections,
      { filedOn: d.filedOn, reference: d.reference, dueDate: d.dueDate, at: d.at },
    ],
  }),
  AppealAnswered: (d, next, state) =>
    state.objection
      ? {
          ...next,
          objection: {
            ...state.objection,
            appealAnswer: { answeredOn: d.answeredOn, letterNumber: d.letterNumber },
          },
        }
      : next,
  ObjectionDecided: (d, next, state) =>
    state.objection
      ? {
          ...next,
          objection: {
            ...state.objection,
            outcome: {
              outcome: d.outcome,
              decidedOn: d.decidedOn,
              decisionRef: d.decisionRef,
              sanctionCode: d.sanctionCode,
              periodMonths: d.periodMonths,
            },
          },
        }
      : next,
};
