/**
 * The catalogues (GET /catalogues): every code the forms offer, with its Indonesian name and legal basis.
 * Loaded once per session and shared by the screens.
 */
import type { SelectHTMLAttributes } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { session } from '../auth/session';
import type { SchemaCataloguesView } from '../api/schema';
import { useI18n } from '../i18n';

export type Catalogues = SchemaCataloguesView;

let cached: Promise<Catalogues> | undefined;

export function loadCatalogues(): Promise<Catalogues> {
  cached ??= api.GET('/catalogues').then(unwrap);
  cached.catch(() => (cached = undefined));
  return cached;
}

export function useCatalogues(): Catalogues | undefined {
  return useCatalogueState().data;
}

function useCatalogueState(): { data?: Catalogues; failed: boolean } {
  const [state, setState] = useState<{ data?: Catalogues; failed: boolean }>({ failed: false });
  // Tried again after a new sign-in: a refused token is the usual reason they did not load.
  const token = session.value?.token;
  useEffect(() => {
    loadCatalogues().then(
      (data) => setState({ data, failed: false }),
      () => setState({ failed: true }),
    );
  }, [token]);
  return state;
}

/** A violation type picker: name (Indonesian, with the English gloss in English) and legal basis. */
export function ViolationSelect(
  props: SelectHTMLAttributes<HTMLSelectElement> & { allowAll?: boolean; value: string },
) {
  const { t, lang } = useI18n();
  const { data: catalogues, failed } = useCatalogueState();
  const { allowAll, ...rest } = props;
  // Without the catalogues (not reachable), the code can still be typed.
  if (failed) return <input {...(rest as object)} value={props.value} />;
  return (
    <select {...rest}>
      <option value="">{allowAll ? t.common.all : '—'}</option>
      {catalogues?.violations.violations.map((v) => (
        <option key={v.code} value={v.code}>
          {lang === 'id' ? v.name : v.gloss} — {v.legalBasis}
        </option>
      ))}
      {props.value && !catalogues?.violations.violations.some((v) => v.code === props.value) && (
        <option value={props.value}>{props.value}</option>
      )}
    </select>
  );
}

/**
 * How sure the catalogue is of a legal basis (domain.md markers, a field of each entry): C cited from the
 * regulation text, S secondary sources only, I interpretation or a setting. The note says why, on hover.
 */
export function ConfidenceBadge(props: { confidence: string; note?: string }) {
  const { t } = useI18n();
  const level = props.confidence as keyof typeof t.confidence;
  if (!(level in t.confidence)) return null;
  return (
    <span class={`badge badge-confidence-${level}`} title={props.note} data-confidence={level}>
      {t.confidence[level]}
    </span>
  );
}

/** A code's name from a code list of the catalogues. */
export function termName(
  list: { code: string; name: string; gloss: string }[] | undefined,
  code: string | null | undefined,
  lang: string,
): string {
  if (!code) return '—';
  const term = list?.find((x) => x.code === code);
  return term ? (lang === 'id' ? term.name : term.gloss) : code;
}
