// How sure we are of a catalogue entry's legal basis, as a field of its own beside the clean `legalBasis`
// text (domain.md markers): C = cited from the regulation text or confirmed in a public source, S = secondary
// sources only (article numbers as they give them), I = interpretation, kept as a setting.
//
// Catalogues before this field wrote the confidence inside `legalBasis` as markers ("[C]", "[S: reason]",
// "[I: reason]"), and the oldest PP 94/2021 entries carried none. Running cases keep the catalogues they
// started with in their workflow history, so every reader still accepts that old shape: `normaliseSourced`
// parses the markers out of it.
import { asOneOf, asString, fail, type Json } from './validate';

export const CONFIDENCE_LEVELS = ['C', 'S', 'I'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** An entry with a legal basis: the citation as a letter may quote it, and our confidence in it. */
export interface Sourced {
  /** The citation only, no confidence markers: what an official letter cites. */
  legalBasis: string;
  confidence: Confidence;
  /** Why an S or I entry is not C (which part rests on secondary sources or an interpretation), or a caveat. */
  confidenceNote?: string;
}

/** The old shape: confidence, if any, written as markers inside the legal basis. */
export interface LegacySourced {
  legalBasis: string;
  confidence?: string;
  confidenceNote?: string;
}

// "[C]", "[S]", "[S: per secondary summaries]", "[I: setting]", "[C; exact date a dated setting]".
const MARKER = /\s*\[([CSI])(?:\s*[:;]\s*([^\]]*))?\]/g;

/** Weakest first: an entry is as sure as its least sure part. */
const WEAKEST_FIRST: readonly Confidence[] = ['I', 'S', 'C'];

/**
 * The typed confidence of an entry in either shape. New shape (a `confidence` field): kept as is. Old shape:
 * the weakest marker in `legalBasis` gives the confidence, the reasons of the markers at that level give the
 * note, and the markers are removed from the text. An old entry without any marker cites the regulation
 * directly (the PP 94/2021 Ps 8 sanctions and Ps 5 huruf n violations, [C] in domain.md), so it is C.
 */
export function normaliseSourced(entry: LegacySourced): Sourced {
  if (isConfidence(entry.confidence)) {
    return {
      legalBasis: stripMarkers(entry.legalBasis),
      confidence: entry.confidence,
      ...(entry.confidenceNote ? { confidenceNote: entry.confidenceNote } : {}),
    };
  }
  const markers = [...entry.legalBasis.matchAll(MARKER)].map((m) => ({
    level: m[1] as Confidence,
    reason: m[2]?.trim() || undefined,
  }));
  const confidence = WEAKEST_FIRST.find((level) => markers.some((m) => m.level === level)) ?? 'C';
  const reasons = markers.filter((m) => m.level === confidence && m.reason).map((m) => m.reason as string);
  return {
    legalBasis: stripMarkers(entry.legalBasis),
    confidence,
    ...(reasons.length > 0 ? { confidenceNote: reasons.join('; ') } : {}),
  };
}

/** The legal basis without confidence markers (old-shape entries carry them; new ones have none). */
export function stripMarkers(legalBasis: string): string {
  return legalBasis
    .replace(MARKER, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/**
 * Parses an amended entry's legal basis and confidence. Amended data must use the new shape: a `confidence`
 * field and a `legalBasis` without markers (a marker left in the text would reach a letter).
 */
export function parseSourced(raw: Json, at: (field: string) => string): Sourced {
  const legalBasis = asString(raw.legalBasis, at('legalBasis'));
  const confidence = asOneOf(raw.confidence, CONFIDENCE_LEVELS, at('confidence'));
  if (stripMarkers(legalBasis) !== legalBasis.trim()) {
    fail(
      at('legalBasis'),
      'a confidence marker ([C], [S: …], [I: …]) belongs in confidence and confidenceNote',
    );
  }
  const note =
    raw.confidenceNote === undefined ? undefined : asString(raw.confidenceNote, at('confidenceNote'));
  return { legalBasis, confidence, ...(note === undefined ? {} : { confidenceNote: note }) };
}

function isConfidence(value: unknown): value is Confidence {
  return typeof value === 'string' && (CONFIDENCE_LEVELS as readonly string[]).includes(value);
}
