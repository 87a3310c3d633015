// Events of intake: the report registered (with the reporter's identity, kept apart) and its officer assigned.
import { type CatalogueVersions, type PayScheme } from '../catalogue';
import {
  type CaseState,
  type Election,
  type EvidenceRef,
  type ReportedAsn,
  type ReporterIdentity,
  type ReportSource,
} from '../case/state';
import { type At, enter, type Evolvers } from './evolving';

export interface IntakeEventMap {
  CaseRegistered: {
    caseId: string;
    agency: string;
    timeZone: string;
    source: ReportSource;
    reportedAsn: ReportedAsn;
    violationType: string;
    conduct: string;
    election: Election;
    evidence: EvidenceRef[];
    catalogueVersions: CatalogueVersions;
    /** Absent in events recorded before pay schemes and readings were recorded (read as null). */
    payScheme?: PayScheme | null;
    violationReading?: string | null;
  } & At;
  /** Confidential: redact for roles that do not need the reporter's identity (UU 14/2008 Ps 17a). */
  ReporterIdentityRecorded: { reporter: ReporterIdentity } & At;
  OfficerAssigned: { officerId: string; officerName: string | null; previousOfficerId: string | null } & At;
}

export const intakeEvolvers: Evolvers<IntakeEventMap> = {
  CaseRegistered: (d, next) =>
    enter(
      {
        ...next,
        caseId: d.caseId,
        agency: d.agency,
        timeZone: d.timeZone,
        registeredAt: d.at,
        source: d.source,
        reportedAsn: d.reportedAsn,
        violationType: d.violationType,
        conduct: d.conduct,
        election: d.election,
        evidence: d.evidence,
        catalogueVersionsAtRegistration: d.catalogueVersions,
        payScheme: d.payScheme ?? null,
        violationReading: d.violationReading ?? null,
      },
      'intake',
      d.at,
      // The assignment target [I] is the intake desk's: it counts from the registration itself.
      null,
    ),
  ReporterIdentityRecorded: (d, next) => ({ ...next, confidential: { reporter: d.reporter } }),
  OfficerAssigned: (d, next, state) => {
    const withOfficer: CaseState = {
      ...next,
      assignedOfficer: { id: d.officerId, name: d.officerName, assignedAt: d.at },
    };
    return state.stage === 'intake' ? enter(withOfficer, 'clarification', d.at) : withOfficer;
  },
};
