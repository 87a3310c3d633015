/**
 * The SKB 2022 reading in force per agency, kept in memory so that registering a case does not read
 * violation_reading_choice first (one PostgreSQL round trip per registration, issue #15).
 *
 * Invalidation across API instances: every choice is announced on READING_CHANGED_CHANNEL by a trigger in
 * the inserting transaction (delivered at its commit), and each instance LISTENs on one connection. A value
 * is served from memory only while that connection is listening, and stored only when no announcement (nor
 * a reconnect) came between the start of its read and its end, so a read that raced a choice is never
 * kept. What remains is the delivery delay of one NOTIFY (milliseconds) on other instances; the instance
 * that stored the choice forgets its value before answering the administrator.
 */
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PgListener } from '../infrastructure/pg-listener';

/** Channel of the trigger in NotifyViolationReadingChoice (payload: the agency). */
export const READING_CHANGED_CHANNEL = 'violation_reading_changed';

/** Agencies are a few hundred (instansi pusat and daerah); the bound only guards against a runaway caller. */
const MAX_AGENCIES = 5_000;

export class ReadingsInForce {
  private readonly readings = new Map<string, string | null>();
  /** Bumped by every announcement and (re)connection: a read that saw it change is not stored. */
  private generation = 0;
  private readonly listener: PgListener;

  constructor(dataSource: DataSource) {
    this.listener = new PgListener(dataSource, {
      channel: READING_CHANGED_CHANNEL,
      what: 'reading choices',
      logger: new Logger('ReadingsInForce'),
      onNotification: (agency) => this.forget(agency),
      // Announcements may have been missed while not listening, and reads that started before LISTEN took
      // effect may have missed a choice: forget everything, and store none of those reads.
      onGap: () => {
        this.generation++;
        this.readings.clear();
      },
    });
  }

  /** The agency's reading in force: from memory while listening, else from `load` (kept if nothing raced). */
  async of(agency: string, load: () => Promise<string | null>): Promise<string | null> {
    if (this.listener.listening && this.readings.has(agency)) return this.readings.get(agency) ?? null;
    if (!this.listener.listening) void this.listen();
    const generation = this.generation;
    const reading = await load();
    if (this.listener.listening && generation === this.generation) {
      if (this.readings.size >= MAX_AGENCIES) this.readings.clear();
      this.readings.set(agency, reading);
    }
    return reading;
  }

  /** Forgets an agency's reading (this instance just stored a choice) before its NOTIFY arrives. */
  forget(agency: string): void {
    this.generation++;
    this.readings.delete(agency);
  }

  async close(): Promise<void> {
    await this.listener.close();
    this.readings.clear();
  }

  /** Opens the LISTEN connection (again after a loss); reads are not kept until it is open. */
  listen(): Promise<void> {
    return this.listener.listen();
  }
}
