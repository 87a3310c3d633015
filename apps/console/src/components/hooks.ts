/** Small hooks the screens share: loading data, live refresh, and form drafts that survive a re-sign-in. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { sessionExpired } from '../auth/session';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * Loads with `load` when `key` changes; with `refreshMs`, loads again in the background while the page is
 * visible (a loader may answer `undefined` for "unchanged", e.g. on 304, to keep the current data).
 */
export function useLoad<T>(load: () => Promise<T | undefined>, key: string, refreshMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const loader = useRef(load);
  loader.current = load;
  const generation = useRef(0);

  const run = useCallback(async (background: boolean) => {
    const mine = ++generation.current;
    if (!background) setLoading(true);
    try {
      const next = await loader.current();
      if (mine !== generation.current) return;
      if (next !== undefined) setData(next);
      setError(undefined);
    } catch (e) {
      if (mine === generation.current && !background) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setData(undefined);
    void run(false);
    if (!refreshMs) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && !sessionExpired.value) void run(true);
    }, refreshMs);
    return () => clearInterval(timer);
  }, [key, refreshMs, run]);

  return { data, error, loading, reload: () => run(true) };
}

/**
 * Form state kept in sessionStorage under `key`, so a re-sign-in (even through the identity provider's
 * pages) or a reload does not lose what was typed. `clear` forgets it after a successful submission.
 */
export function useDraft<T extends object>(
  key: string,
  initial: () => T,
): [T, (next: T) => void, () => void] {
  const storageKey = `netral.draft.${key}`;
  const [value, setValue] = useState<T>(() => {
    const raw = sessionStorage.getItem(storageKey);
    if (raw) {
      try {
        return { ...initial(), ...(JSON.parse(raw) as T) };
      } catch {
        /* a broken draft is dropped */
      }
    }
    return initial();
  });
  const set = (next: T) => {
    sessionStorage.setItem(storageKey, JSON.stringify(next));
    setValue(next);
  };
  const clear = () => {
    sessionStorage.removeItem(storageKey);
    setValue(initial());
  };
  return [value, set, clear];
}
