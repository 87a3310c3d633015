/**
 * The catalogues (GET /catalogues): every code the forms offer, with its Indonesian name and legal basis.
 * Loaded once per session and shared by the screens.
 */
import type { SelectHTMLAttributes } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/client';
import { currentToken } from '../auth/session';
import { useI18n } from '../i18n';

// Provisional until GET /catalogues is merged (branch `legal`); then the generated type replaces it.
interface Term {
  code: string;
  name: string;
  gloss: string;
  legalBasis: string;
}
export interface Catalogues {
  violations: { violations: Term[] };
  sanctions: { sanctions: Term[] };
  reportSources: Term[];
  employeeTypes: Term[];
  electionKinds: Term[];
  agencies: { agencies: (Term & { code: string })[] };
}

let cached: Promise<Catalogues> | undefined;

export function loadCatalogues(): Promise<Catalogues> {
  cached ??= fetch('/catalogues', { headers: { Authorization: `Bearer ${currentToken() ?? ''}` } }).then(
    async (r) => {
      if (!r.ok) throw new ApiProblem(r.status, {});
      return (await r.json()) as Catalogues;
    },
  );
  cached.catch(() => (cached = undefined));
  return cached;
}

export function useCatalogues(): Catalogues | undefined {
  return useCatalogueState().data;
}

function useCatalogueState(): { data?: Catalogues; failed: boolean } {
  const [state, setState] = useState<{ data?: Catalogues; failed: boolean }>({ failed: false });
  useEffect(() => {
    loadCatalogues().then(
      (data) => setState({ data, failed: false }),
      () => setState({ failed: true }),
    );
  }, []);
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
