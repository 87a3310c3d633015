/**
 * A calendar date typed as dd/mm/yyyy, whatever the browser's locale: `<input type="date">` shows the
 * browser's own format (mm/dd/yyyy in an American-configured browser), and Indonesian officers write and
 * read dates day first (letters, decrees). The value given and taken is the API's ISO date (yyyy-mm-dd);
 * while the text is not a whole valid date the value is '' and the input reports itself invalid.
 */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';

/** yyyy-mm-dd → dd/mm/yyyy ('' for anything else). */
export function dayFirst(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** dd/mm/yyyy (also d/m/yyyy, with . or - between) → yyyy-mm-dd, or null when it is not a real date. */
export function isoOf(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function CivilDateInput(props: {
  id: string;
  value: string;
  required?: boolean;
  describedBy?: string;
  onChange(iso: string): void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(() => dayFirst(props.value));
  // Follow a value set from outside (a reset, a restored draft), unless it is what the text already says;
  // only changes of the value matter here, not every keystroke of the text.
  useEffect(() => {
    const typed = isoOf(text);
    if (typed !== props.value && !(props.value === '' && typed === null)) setText(dayFirst(props.value));
  }, [props.value]);
  return (
    <input
      id={props.id}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={t.common.datePlaceholder}
      pattern="\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}\s*"
      title={t.common.dateFormat}
      required={props.required}
      value={text}
      aria-describedby={props.describedBy}
      onInput={(e) => {
        const input = e.currentTarget;
        const iso = isoOf(input.value);
        setText(input.value);
        input.setCustomValidity(input.value.trim() === '' || iso ? '' : t.common.dateFormat);
        props.onChange(iso ?? '');
      }}
    />
  );
}
