/**
 * Namespaces and their search-attribute catalogue, cached in memory (the DB row is the truth; this process
 * is the only writer). `default` always exists; the dev server's custom attributes are pre-registered.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { namespaceNotFound } from '../grpc/errors';

/** Search attribute value types, named as in payload metadata `type` ("Keyword", "Int", ...). */
export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export const SEARCH_ATTRIBUTE_TYPES: SearchAttributeType[] = [
  'Text',
  'Keyword',
  'Int',
  'Double',
  'Bool',
  'Datetime',
  'KeywordList',
];

/** The custom attributes `temporal server start-dev` registers in every namespace. */
export const DEV_SERVER_CUSTOM_ATTRIBUTES: Record<string, SearchAttributeType> = {
  CustomKeywordField: 'Keyword',
  CustomStringField: 'Text',
  CustomTextField: 'Text',
  CustomIntField: 'Int',
  CustomDoubleField: 'Double',
  CustomBoolField: 'Bool',
  CustomDatetimeField: 'Datetime',
  CustomKeywordListField: 'KeywordList',
};

/** Built-in attributes every namespace has (visibility columns). */
export const SYSTEM_ATTRIBUTES: Record<string, SearchAttributeType> = {
  WorkflowId: 'Keyword',
  RunId: 'Keyword',
  WorkflowType: 'Keyword',
  ExecutionStatus: 'Keyword',
  TaskQueue: 'Keyword',
  StartTime: 'Datetime',
  CloseTime: 'Datetime',
  ExecutionTime: 'Datetime',
  HistoryLength: 'Int',
  ExecutionDuration: 'Int',
  BuildIds: 'KeywordList',
  TemporalChangeVersion: 'KeywordList',
  BinaryChecksums: 'KeywordList',
  BatcherUser: 'Keyword',
  TemporalScheduledStartTime: 'Datetime',
  TemporalScheduledById: 'Keyword',
  TemporalSchedulePaused: 'Bool',
  TemporalWorkerDeploymentVersion: 'Keyword',
  TemporalWorkflowVersioningBehavior: 'Keyword',
  TemporalWorkerDeployment: 'Keyword',
};

export interface NamespaceInfo {
  name: string;
  id: string;
  description: string;
  retentionMs: number;
  searchAttributes: Map<string, SearchAttributeType>;
}

export class NamespaceRegistry {
  private readonly byName = new Map<string, NamespaceInfo>();
  /** attributeTypes per namespace attribute map; dropped when the map changes. */
  private readonly typesByAttributes = new WeakMap<
    Map<string, SearchAttributeType>,
    Readonly<Record<string, SearchAttributeType>>
  >();

  constructor(private readonly pool: Pool) {}

  /** Loads every namespace and creates the given ones (idempotent). */
  async init(ensure: string[]): Promise<void> {
    for (const name of ensure) await this.register(name, '', 86_400_000, true);
    const { rows } = await this.pool.query<{
      name: string;
      id: string;
      description: string;
      retention_ms: string;
    }>('SELECT * FROM temporal.namespaces');
    const attrs = await this.pool.query<{ namespace: string; name: string; type: SearchAttributeType }>(
      'SELECT * FROM temporal.search_attributes',
    );
    for (const r of rows) {
      const map = new Map<string, SearchAttributeType>();
      for (const a of attrs.rows) if (a.namespace === r.name) map.set(a.name, a.type);
      this.byName.set(r.name, {
        name: r.name,
        id: r.id,
        description: r.description,
        retentionMs: Number(r.retention_ms),
        searchAttributes: map,
      });
    }
  }

  /** Creates a namespace; false when it already existed. */
  async register(name: string, description: string, retentionMs: number, quiet = false): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const res = await client.query(
        `INSERT INTO temporal.namespaces (name, id, description, retention_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO NOTHING`,
        [name, randomUUID(), description, retentionMs],
      );
      const created = (res.rowCount ?? 0) > 0;
      if (created) {
        const entries = Object.entries(DEV_SERVER_CUSTOM_ATTRIBUTES);
        await client.query(
          `INSERT INTO temporal.search_attributes (namespace, name, type)
           SELECT $1, unnest($2::text[]), unnest($3::text[]) ON CONFLICT DO NOTHING`,
          [name, entries.map((e) => e[0]), entries.map((e) => e[1])],
        );
      }
      await client.query('COMMIT');
      if (created || !this.byName.has(name)) {
        const { rows } = await client.query<{ id: string; description: string; retention_ms: string }>(
          'SELECT * FROM temporal.namespaces WHERE name = $1',
          [name],
        );
        const attrs = await client.query<{ name: string; type: SearchAttributeType }>(
          'SELECT name, type FROM temporal.search_attributes WHERE namespace = $1',
          [name],
        );
        this.byName.set(name, {
          name,
          id: rows[0].id,
          description: rows[0].description,
          retentionMs: Number(rows[0].retention_ms),
          searchAttributes: new Map(attrs.rows.map((a) => [a.name, a.type])),
        });
      }
      return created || quiet;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  get(name: string): NamespaceInfo {
    const ns = this.byName.get(name);
    if (!ns) throw namespaceNotFound(name);
    return ns;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  all(): NamespaceInfo[] {
    return [...this.byName.values()];
  }

  /**
   * Every attribute type (system and custom) of a namespace, for query translation. Built once per change
   * of the namespace's attributes: every write that changes a run's visibility asks for it.
   */
  attributeTypes(name: string): Readonly<Record<string, SearchAttributeType>> {
    const custom = this.get(name).searchAttributes;
    let types = this.typesByAttributes.get(custom);
    if (!types) {
      types = Object.freeze({ ...SYSTEM_ATTRIBUTES, ...Object.fromEntries(custom) });
      this.typesByAttributes.set(custom, types);
    }
    return types;
  }

  async addSearchAttributes(name: string, attributes: Record<string, SearchAttributeType>): Promise<void> {
    const ns = this.get(name);
    const entries = Object.entries(attributes);
    await this.pool.query(
      `INSERT INTO temporal.search_attributes (namespace, name, type)
       SELECT $1, unnest($2::text[]), unnest($3::text[]) ON CONFLICT (namespace, name) DO UPDATE SET type = EXCLUDED.type`,
      [name, entries.map((e) => e[0]), entries.map((e) => e[1])],
    );
    for (const [k, v] of entries) ns.searchAttributes.set(k, v);
    this.typesByAttributes.delete(ns.searchAttributes);
  }

  async removeSearchAttributes(name: string, attributes: string[]): Promise<void> {
    const ns = this.get(name);
    await this.pool.query('DELETE FROM temporal.search_attributes WHERE namespace = $1 AND name = ANY($2)', [
      name,
      attributes,
    ]);
    for (const a of attributes) ns.searchAttributes.delete(a);
    this.typesByAttributes.delete(ns.searchAttributes);
  }
}
