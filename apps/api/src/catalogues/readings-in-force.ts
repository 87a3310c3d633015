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
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/** Channel of the trigger in NotifyViolationReadingChoice (payload: the agency). */
export const READING_CHANGED_CHANNEL = 'violation_reading_changed';

/** Agencies are a few hundred (instansi pusat and daerah); the bound only guards against a runaway caller. */
const MAX_AGENCIES = 5_000;

const RECONNECT_MS = 1_000;

export class ReadingsInForce {
  private readonly logger = new Logger('ReadingsInForce');
  private readonly readings = new Map<string, string | null>();
  /** Bumped by every announcement and (re)connection: a read that saw it change is not stored. */
  private generation = 0;
  private client: PoolClient | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly dataSource: DataSource) {}

  /** The agency's reading in force: from memory while listening, else from `load` (kept if nothing raced). */
  async of(agency: string, load: () => Promise<string | null>): Promise<string | null> {
    if (this.client && this.readings.has(agency)) return this.readings.get(agency) ?? null;
    if (!this.client) void this.listen();
    const generation = this.generation;
    const reading = await load();
    if (this.client && generation === this.generation) {
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
    this.closed = true;
    await this.connecting;
    const client = this.client;
    this.client = null;
    this.readings.clear();
    if (client) {
      await client.query(`UNLISTEN ${READING_CHANGED_CHANNEL}`).catch(() => undefined);
      client.release();
    }
  }

  /** Opens the LISTEN connection (again after a loss); reads are not kept until it is open. */
  listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    try {
      const pool = (this.dataSource.driver as unknown as { master: { connect(): Promise<PoolClient> } })
        .master;
      const client = await pool.connect();
      client.on('notification', (message) => {
        if (message.channel !== READING_CHANGED_CHANNEL) return;
        this.forget(message.payload ?? '');
      });
      client.on('error', (error) => {
        // Announcements may have been missed while the connection was down: forget everything.
        this.logger.warn(`reading listener lost its connection: ${error.message}; reconnecting`);
        this.client = null;
        this.generation++;
        this.readings.clear();
        client.release(error);
        setTimeout(() => void this.listen(), RECONNECT_MS).unref();
      });
      await client.query(`LISTEN ${READING_CHANGED_CHANNEL}`);
      if (this.closed) {
        await client.query(`UNLISTEN ${READING_CHANGED_CHANNEL}`).catch(() => undefined);
        client.release();
        return;
      }
      // Reads that started before LISTEN took effect may have missed a choice: none of them is stored.
      this.generation++;
      this.client = client;
    } catch (error) {
      this.logger.warn(`cannot listen for reading choices: ${(error as Error).message}; retrying`);
      if (!this.closed) setTimeout(() => void this.listen(), RECONNECT_MS * 5).unref();
    }
  }
}
