// The agency directory: who receives the notifications of an agency, in which roles, at which address. An
// admin maintains it through the API; the worker resolves the recipients of each notification from it.
import { INDONESIAN_TIME_ZONES, RECIPIENT_ROLES, type RecipientRole } from '@netral/domain';
import type { DataSource } from 'typeorm';
import { DIRECTORY_AGENCY_TABLE, DIRECTORY_PERSON_TABLE } from './migration';

/** Languages a message can be written in: Bahasa Indonesia first, English on request. */
export const NOTIFICATION_LANGUAGES = ['id', 'en'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

/** The zones an agency's office hours can be kept in (WIB, WITA, WIT). */
export const AGENCY_TIME_ZONES = Object.keys(INDONESIAN_TIME_ZONES);

export interface DirectoryAgency {
  agency: string;
  name: string;
  timeZone: string;
}

export interface DirectoryPerson {
  agency: string;
  personId: string;
  name: string;
  /** null: known to the directory but unreachable by e-mail (reported as undeliverable, never skipped). */
  email: string | null;
  roles: RecipientRole[];
  language: NotificationLanguage;
}

interface PersonRow {
  agency: string;
  person_id: string;
  name: string;
  email: string | null;
  roles: string[];
  language: string;
}

const toPerson = (r: PersonRow): DirectoryPerson => ({
  agency: r.agency,
  personId: r.person_id,
  name: r.name,
  email: r.email,
  roles: r.roles.filter((role): role is RecipientRole =>
    (RECIPIENT_ROLES as readonly string[]).includes(role),
  ),
  language: r.language === 'en' ? 'en' : 'id',
});

export class AgencyDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async agency(agency: string): Promise<DirectoryAgency | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT agency, name, time_zone FROM ${DIRECTORY_AGENCY_TABLE} WHERE agency = $1`,
      [agency],
    )) as { agency: string; name: string; time_zone: string }[];
    return row && { agency: row.agency, name: row.name, timeZone: row.time_zone };
  }

  async putAgency(entry: DirectoryAgency): Promise<DirectoryAgency> {
    await this.dataSource.query(
      `INSERT INTO ${DIRECTORY_AGENCY_TABLE} (agency, name, time_zone) VALUES ($1, $2, $3)
       ON CONFLICT (agency) DO UPDATE SET name = $2, time_zone = $3, updated_at = now()`,
      [entry.agency, entry.name, entry.timeZone],
    );
    return entry;
  }

  async people(agency: string): Promise<DirectoryPerson[]> {
    const rows = (await this.dataSource.query(
      `SELECT agency, person_id, name, email, roles, language FROM ${DIRECTORY_PERSON_TABLE}
       WHERE agency = $1 ORDER BY name, person_id`,
      [agency],
    )) as PersonRow[];
    return rows.map(toPerson);
  }

  async person(agency: string, personId: string): Promise<DirectoryPerson | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT agency, person_id, name, email, roles, language FROM ${DIRECTORY_PERSON_TABLE}
       WHERE agency = $1 AND person_id = $2`,
      [agency, personId],
    )) as PersonRow[];
    return row && toPerson(row);
  }

  async putPerson(person: DirectoryPerson): Promise<DirectoryPerson> {
    await this.dataSource.query(
      `INSERT INTO ${DIRECTORY_PERSON_TABLE} (agency, person_id, name, email, roles, language)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (agency, person_id) DO UPDATE SET name = $3, email = $4, roles = $5, language = $6,
         updated_at = now()`,
      [person.agency, person.personId, person.name, person.email, person.roles, person.language],
    );
    return person;
  }

  /** true when there was someone to remove. */
  async removePerson(agency: string, personId: string): Promise<boolean> {
    // TypeORM answers a DELETE … RETURNING on PostgreSQL with [rows, affected].
    const [, affected] = (await this.dataSource.query(
      `DELETE FROM ${DIRECTORY_PERSON_TABLE} WHERE agency = $1 AND person_id = $2 RETURNING person_id`,
      [agency, personId],
    )) as [unknown[], number];
    return affected > 0;
  }

  /**
   * Who a notification for `role` in `agency` reaches: the named person when there is one (the assigned case
   * officer), else everyone of the agency holding the role.
   */
  async recipients(agency: string, role: RecipientRole, personId?: string): Promise<DirectoryPerson[]> {
    if (personId) {
      const person = await this.person(agency, personId);
      return person ? [person] : [];
    }
    const rows = (await this.dataSource.query(
      `SELECT agency, person_id, name, email, roles, language FROM ${DIRECTORY_PERSON_TABLE}
       WHERE agency = $1 AND $2 = ANY (roles) ORDER BY person_id`,
      [agency, role],
    )) as PersonRow[];
    return rows.map(toPerson);
  }
}
