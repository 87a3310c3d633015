// Intake (domain.md Lifecycle 1): registering a report or finding and assigning the case officer.
import { EMPLOYEE_TYPES, catalogueVersions, findAgency, getViolation, readingFor } from '../catalogue';
import { DomainError } from '../errors';
import { INDONESIAN_TIME_ZONES, DEFAULT_TIME_ZONE } from '../time';
import { ELECTION_KINDS, GRADES, NIP_PATTERN } from '../case/vocabulary';
import { type CaseEvent, event } from '../case/events';
import { REPORT_SOURCES } from '../case/state';
import { type Handlers, pastDate } from './shared';

export const intakeHandlers: Handlers<'RegisterReport' | 'AssignOfficer'> = {
  RegisterReport(input, state, context) {
    const at = context.now;
    const timeZone = input.optStr('timeZone') ?? DEFAULT_TIME_ZONE;
    if (INDONESIAN_TIME_ZONES[timeZone] === undefined) {
      throw new DomainError(
        'INVALID_COMMAND',
        `timeZone must be one of ${Object.keys(INDONESIAN_TIME_ZONES).join(', ')}`,
        {
          field: 'timeZone',
        },
      );
    }
    const local = { ...state, timeZone };
    const source = input.obj('source');
    const sourceKind = source.oneOf('kind', REPORT_SOURCES);
    const asn = input.obj('reportedAsn');
    const employeeType = asn.oneOf('employeeType', EMPLOYEE_TYPES);
    const nip = asn.optStr('nip');
    if (nip !== null && !NIP_PATTERN.test(nip)) {
      throw new DomainError('INVALID_COMMAND', 'reportedAsn.nip must be 18 digits', {
        field: 'reportedAsn.nip',
      });
    }
    if (nip === null && employeeType !== 'NON_ASN' && employeeType !== 'BUMD') {
      throw new DomainError('INVALID_COMMAND', `reportedAsn.nip is required for ${employeeType}`, {
        field: 'reportedAsn.nip',
      });
    }
    const violationType = getViolation(context.catalogues, input.str('violationType')).code;
    const election = input.obj('election');
    const reporterInput = input.optObj('reporter');
    // Reports are not anonymous (UU 7/2017 Ps 454(4)); the identity is stored apart and redacted.
    if (sourceKind === 'public_report' && !reporterInput) {
      throw new DomainError('INVALID_COMMAND', "a public report needs the reporter's name and address", {
        field: 'reporter',
      });
    }
    const events: CaseEvent[] = [
      event('CaseRegistered', {
        caseId: input.str('caseId'),
        agency: context.actor.agency,
        timeZone,
        source: {
          kind: sourceKind,
          reference: source.optStr('reference'),
          receivedOn: pastDate(source, 'receivedOn', local, context),
        },
        reportedAsn: {
          nip,
          name: asn.str('name'),
          position: asn.str('position'),
          unit: asn.str('unit'),
          agency: asn.str('agency'),
          employeeType,
          // Only when given, so histories and payloads without it stay as they were.
          ...(asn.has('grade') ? { grade: asn.oneOf('grade', GRADES) } : {}),
        },
        violationType,
        conduct: input.str('conduct'),
        election: {
          kind: election.oneOf('kind', ELECTION_KINDS),
          year: election.int('year', 2000, 2100),
        },
        evidence: input
          .list('evidence', { optional: true })
          .map((e) => ({ ref: e.str('ref'), description: e.str('description') })),
        catalogueVersions: catalogueVersions(context.catalogues),
        // Fixed at registration so a replay decides as the case was decided, whatever the data says later.
        // An agency missing from the agency data gets null: no basis to refuse any sedang variant [I].
        payScheme:
          (context.agencies && findAgency(context.agencies, context.actor.agency)?.payScheme) ?? null,
        violationReading: readingFor(context.catalogues, context.violationReading),
        at,
      }),
    ];
    if (reporterInput) {
      events.push(
        event('ReporterIdentityRecorded', {
          reporter: {
            name: reporterInput.str('name'),
            address: reporterInput.str('address'),
            contact: reporterInput.optStr('contact'),
          },
          at,
        }),
      );
    }
    return events;
  },

  AssignOfficer(input, state, context) {
    const officerId = input.str('officerId');
    if (state.assignedOfficer?.id === officerId) {
      throw new DomainError('INVALID_COMMAND', `${officerId} is already the case officer`, {
        field: 'officerId',
      });
    }
    return [
      event('OfficerAssigned', {
        officerId,
        officerName: input.optStr('officerName'),
        previousOfficerId: state.assignedOfficer?.id ?? null,
        at: context.now,
      }),
    ];
  },
};
