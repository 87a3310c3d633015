/**
 * Events are never rewritten. When an event's shape changes, its schema version goes up and an upcaster
 * turns the stored old shape into the current one as it is read.
 */
export interface Upcaster {
  type: string;
  fromSchemaVersion: number;
  upcast(data: unknown): unknown;
}

export class UpcasterChain {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const u of upcasters) this.byKey.set(`${u.type}@${u.fromSchemaVersion}`, u);
  }

  /** Applies every upcaster from the stored version on, e.g. v1 → v2 → v3. */
  apply(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let u = this.byKey.get(`${type}@${version}`); u; u = this.byKey.get(`${type}@${version}`)) {
      current = u.upcast(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
