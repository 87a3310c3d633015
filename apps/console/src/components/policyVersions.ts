/**
 * The published deadline policy versions as choices for a form's `toVersion` (MigrateDeadlinePolicy): loaded
 * once per session, and only by a form that asks (administrators; the list is not open to every role).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import type { SchemaDeadlinePolicyVersionView } from '../api/schema';

let cached: Promise<SchemaDeadlinePolicyVersionView[]> | undefined;

function loadVersions(): Promise<SchemaDeadlinePolicyVersionView[]> {
  cached ??= api.GET('/deadline-policies').then(unwrap);
  cached.catch(() => (cached = undefined));
  return cached;
}

/** Newest first; undefined while loading, when not wanted, or when the list cannot be read (typed instead). */
export function usePolicyVersions(wanted: boolean): SchemaDeadlinePolicyVersionView[] | undefined {
  const [versions, setVersions] = useState<SchemaDeadlinePolicyVersionView[]>();
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    loadVersions().then(
      (list) => live && setVersions([...list].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [wanted]);
  return wanted ? versions : undefined;
}
