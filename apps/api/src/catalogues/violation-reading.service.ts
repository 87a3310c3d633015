/**
 * The SKB 2022 reading each agency's administrator chose (append-only table violation_reading_choice). A new
 * case takes the reading in force when it is registered (into its workflow configuration, recorded on
 * CaseRegistered), so a later choice never changes a running case or its replay.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DEFAULT_CATALOGUES, readingFor } from '@netral/domain';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../infrastructure';
import { ProblemException } from '../platform';
import { ReadingsInForce } from './readings-in-force';
import { VIOLATION_READING_TABLE } from './violation-reading.migration';

export interface ReadingChoice {
  reading: string;
  catalogueVersion: string;
  reason: string;
  actorId: string;
  chosenAt: string;
}

export interface AgencyReading {
  agency: string;
  /** The reading new cases of the agency record. */
  reading: string;
  /** false when no administrator chose one: the catalogue's default applies. */
  chosen: boolean;
  /** Every choice, newest first (the audit trail). */
  history: ReadingChoice[];
}

interface Row {
  reading: string;
  catalogue_version: string;
  reason: string;
  actor_id: string;
  chosen_at: Date;
}

@Injectable()
export class ViolationReadingService implements OnModuleInit, OnModuleDestroy {
  /** Registration reads the reading on every new case: kept in memory, forgotten on each choice. */
  private readonly inForceByAgency: ReadingsInForce;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {
    this.inForceByAgency = new ReadingsInForce(dataSource);
  }

  /** The reading a case registered now by this agency records (the catalogue's default without a choice). */
  inForce(agency: string): Promise<string | null> {
    return this.inForceByAgency.of(agency, async () => {
      const rows = (await this.dataSource.query(
        `SELECT reading FROM ${VIOLATION_READING_TABLE} WHERE agency = $1 ORDER BY id DESC LIMIT 1`,
        [agency],
      )) as { reading: string }[];
      return readingFor(DEFAULT_CATALOGUES, rows[0]?.reading ?? null);
    });
  }

  async forAgency(agency: string): Promise<AgencyReading> {
    const rows = (await this.dataSource.query(
      `SELECT reading, catalogue_version, reason, actor_id, chosen_at FROM ${VIOLATION_READING_TABLE}
        WHERE agency = $1 ORDER BY id DESC`,
      [agency],
    )) as Row[];
    const history = rows.map((r) => ({
      reading: r.reading,
      catalogueVersion: r.catalogue_version,
      reason: r.reason,
      actorId: r.actor_id,
      chosenAt: new Date(r.chosen_at).toISOString(),
    }));
    return {
      agency,
      reading: readingFor(DEFAULT_CATALOGUES, history[0]?.reading ?? null) ?? '',
      chosen: history.length > 0,
      history,
    };
  }

  async choose(agency: string, reading: string, reason: string, actorId: string): Promise<AgencyReading> {
    const known = DEFAULT_CATALOGUES.violations.readings ?? [];
    if (!known.some((r) => r.code === reading)) {
      const codes = known.map((r) => r.code).join(', ');
      throw new ProblemException({
        status: 422,
        code: 'UNKNOWN_VIOLATION_READING',
        detail: `Unknown reading of the violation catalogue: ${reading}; one of ${codes}.`,
        detailId: `Tafsir katalog pelanggaran tidak dikenal: ${reading}; pilih salah satu dari ${codes}.`,
      });
    }
    await this.dataSource.query(
      `INSERT INTO ${VIOLATION_READING_TABLE} (agency, reading, catalogue_version, reason, actor_id)
       VALUES ($1, $2, $3, $4, $5)`,
      [agency, reading, DEFAULT_CATALOGUES.violations.version, reason, actorId],
    );
    // Committed: this instance's next registration must see it without waiting for the NOTIFY.
    this.inForceByAgency.forget(agency);
    return this.forAgency(agency);
  }

  /** Listening from the start, so the first registration's read is already kept. */
  onModuleInit(): void {
    void this.inForceByAgency.listen();
  }

  onModuleDestroy(): Promise<void> {
    return this.inForceByAgency.close();
  }
}
