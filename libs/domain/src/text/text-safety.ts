/**
 * Characters that must not travel through a case unnoticed, in one place for the API's input checks at the
 * edge and the neutralisation of every rendered output (HTML and CSV exports, e-mails).
 *
 * - Control characters (C0, DEL, C1) have no place in a path, a query or a header-derived value: NUL ends
 *   strings in C libraries and PostgreSQL refuses it in text and jsonb. In JSON bodies only tab, line feed
 *   and carriage return are accepted (multi-line descriptions).
 * - Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) reorder what a reader
 *   sees ("Trojan Source", CVE-2021-42574): a name can be made to read as another. Names, letter numbers and
 *   descriptions of Indonesian cases have no use for them, so bodies carrying them are refused.
 * - Other invisible format characters (zero-width space/joiners, LRM/RLM/ALM, word joiner, BOM, soft
 *   hyphen, …) are accepted as typed, since joiners are legitimate in some scripts, and the record must
 *   keep what was entered. Exports show every one of them as a visible `[U+XXXX]` marker instead.
 */

// Matching control characters is the point of these patterns.
/* eslint-disable no-control-regex */
/** C0 controls, DEL and C1 controls. */
export const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/;

/** Control characters other than tab, LF and CR: refused in JSON string values and keys. */
const BODY_CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BODY_CONTROL_CHARACTERS_ALL = new RegExp(BODY_CONTROL_CHARACTERS.source, 'g');
/* eslint-enable no-control-regex */

/**
 * A surrogate code unit without its pair (`"\ud800"` is valid JSON, and JavaScript strings hold it) is not
 * a Unicode character: PostgreSQL refuses it in jsonb ("Unicode low surrogate must follow a high
 * surrogate") and UTF-8 encoders replace it. Let through, it reached the event append inside the case
 * workflow, whose activity then failed on every retry and wedged the case. In `u` mode a lone surrogate is
 * a code point of category Cs; a proper pair is one astral code point, which does not match.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** Bidi embeddings, overrides and isolates: refused in input, neutralised in output. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * Every invisible format character a renderer would act on without showing it (Unicode category Cf,
 * which includes the bidi controls and marks above) plus the line/paragraph separators.
 */
const INVISIBLE_FORMAT_CHARACTERS = /[\p{Cf}\u2028\u2029]/gu;

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/** True when the string holds a surrogate code unit without its pair (not well-formed UTF-16). */
export function hasLoneSurrogates(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/** Why a string in a JSON body is refused, or undefined when it is fine. */
export function bodyTextProblem(value: string): string | undefined {
  if (hasLoneSurrogates(value)) {
    return 'must be well-formed Unicode (a lone surrogate such as \\ud800 is not a character)';
  }
  if (BODY_CONTROL_CHARACTERS.test(value)) {
    return 'must not contain control characters (only tab and line breaks are allowed)';
  }
  if (BIDI_CONTROLS.test(value)) {
    return 'must not contain bidirectional override, embedding or isolate characters (U+202A–U+202E, U+2066–U+2069)';
  }
  return undefined;
}

/**
 * How deep a JSON body may nest. No command nests beyond a handful of levels; without a bound, 10,000
 * nested arrays (20 kB, well under the body limit) overflowed the stack of this walk and of
 * class-transformer's, and answered 500.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * The first string (value or key) in a parsed JSON body that is refused, with its dotted path, or the first
 * value nested deeper than MAX_BODY_DEPTH.
 */
export function findUnsafeBodyText(
  value: unknown,
  path = '',
  depth = 0,
): { field: string; message: string; constraint?: 'maxDepth' } | undefined {
  if (depth > MAX_BODY_DEPTH && value !== null && typeof value === 'object') {
    return {
      field: path || 'body',
      message: `is nested too deeply (at most ${MAX_BODY_DEPTH} levels)`,
      constraint: 'maxDepth',
    };
  }
  if (typeof value === 'string') {
    const message = bodyTextProblem(value);
    return message ? { field: path || 'body', message } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeBodyText(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      const keyProblem = bodyTextProblem(key);
      if (keyProblem) return { field: path || 'body', message: `a field name ${keyProblem}` };
      const found = findUnsafeBodyText(child, field, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function marker(char: string): string {
  return `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/**
 * Text for a rendered document (HTML page, CSV cell): control characters other than tab and line breaks,
 * and every invisible format character, become visible `[U+XXXX]` markers, so nothing reorders or hides
 * what the reader sees while the reader still learns that something was there.
 */
export function neutraliseForDisplay(text: string): string {
  return text.replace(INVISIBLE_FORMAT_CHARACTERS, marker).replace(BODY_CONTROL_CHARACTERS_ALL, marker);
}
