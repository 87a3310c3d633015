// Events of the disciplinary examination: the Tim Pemeriksa, the summonses, attendance at the hearing and the
// BAP, which (like absence at the second summons) sends the case to decision.
import { type CivilDate } from '../time';
import { type Bap, type CaseState, type Summons, type TimPemeriksa } from '../case/state';
import { type At, enter, type Evolvers } from './evolving';

export interface ExaminationEventMap {
  TimPemeriksaFormed: TimPemeriksa & At;
  SummonsIssued: Summons & { late: boolean } & At;
  AttendanceRecorded: { sequence: 1 | 2; hearingDate: CivilDate; attended: boolean } & At;
  BapRecorded: Bap & At;
}

export const examinationEvolvers: Evolvers<ExaminationEventMap> = {
  TimPemeriksaFormed: ({ at: _at, ...tim }, next, state) => ({
    ...next,
    examination: { ...state.examination, timPemeriksa: tim },
  }),
  SummonsIssued: ({ at: _at, late: _late, ...summons }, next, state) => ({
    ...next,
    examination: { ...state.examination, summonses: [...state.examination.summonses, summons] },
  }),
  AttendanceRecorded: (d, next, state) => {
    const recorded: CaseState = {
      ...next,
      examination: {
        ...state.examination,
        hearings: [
          ...state.examination.hearings,
          { version: next.version, sequence: d.sequence, hearingDate: d.hearingDate, attended: d.attended },
        ],
      },
    };
    // Absent at the second summons: the official decides on the evidence held (PP 94/2021).
    return d.sequence === 2 && !d.attended ? enter(recorded, 'decision', d.at, d.hearingDate) : recorded;
  },
  BapRecorded: ({ at, ...bap }, next, state) => {
    const examination = { ...state.examination, bap };
    return enter({ ...next, examination }, 'decision', at, bap.signedOn);
  },
};
