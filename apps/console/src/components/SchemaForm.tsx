/**
 * A form built from a command's request-body schema (the API's OpenAPI document, extracted at build time
 * into api/commands.json): text, long text, dates with the working-day calendar, enumerations, yes/no,
 * numbers, nested objects and lists. Codes are shown with their names and legal basis from the catalogues.
 * The form only shapes input; the API validates and decides.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import type { SchemaOfficerView } from '../api/schema';
import { useI18n } from '../i18n';
import { type Catalogues, useCatalogues } from './catalogue';
import { usePolicyVersions } from './policyVersions';
import { DateField } from './DateField';
import { hintOf } from '../i18n/hints';

export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: (string | number)[];
  nullable?: boolean;
  description?: string;
  example?: unknown;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}

export type FormValue = string | boolean | number | null | FormValue[] | { [key: string]: FormValue };

/** Fields whose codes are listed in a catalogue. */
function termsFor(field: string, catalogues: Catalogues | undefined, commandType: string) {
  if (!catalogues) return undefined;
  const c = catalogues as unknown as Record<
    string,
    { code: string; name: string; gloss: string; legalBasis: string }[] | undefined
  >;
  switch (field) {
    case 'by':
      return c.clarifyingBodies;
    case 'body':
      return c.recommendingBodies;
    case 'method':
      return c.deliveryMethods;
    case 'role':
      return c.timPemeriksaRoles;
    case 'outcome':
      return commandType === 'CloseCase' ? c.closingOutcomes : c.objectionOutcomes;
    case 'sanctionCode':
    case 'recommendedSanction':
      return catalogues.sanctions.sanctions;
    default:
      return undefined;
  }
}

export function initialValue(schema: JsonSchema): FormValue {
  if (schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties).map(([k, s]) => [k, initialValue(s)]),
    ) as FormValue;
  }
  if (schema.type === 'array') return [];
  if (schema.type === 'boolean') return schema.nullable ? null : false;
  return '';
}

/** The body to send: empty optional fields left out, numbers as numbers. */
export function bodyOf(schema: JsonSchema, value: FormValue): FormValue | undefined {
  if (schema.properties) {
    const object = (value ?? {}) as Record<string, FormValue>;
    const out: Record<string, FormValue> = {};
    for (const [k, s] of Object.entries(schema.properties)) {
      const v = bodyOf(s, object[k] ?? initialValue(s));
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (schema.type === 'array') {
    const items = (value as FormValue[]) ?? [];
    return items.map((v) => bodyOf(schema.items ?? {}, v) ?? null);
  }
  if (value === '' || value === null) return undefined;
  if ((schema.type === 'number' || schema.type === 'integer') && typeof value === 'string')
    return Number(value);
  return value;
}

interface FieldProps {
  name: string;
  path: string;
  schema: JsonSchema;
  required: boolean;
  value: FormValue;
  onChange(value: FormValue): void;
  commandType: string;
  timeZone: string;
}

/**
 * Fields asked after the command's own facts, whatever the schema's order: why a fact is recorded late
 * (needed only past the backdating horizon) and the audit reason. First, they read as the form's subject.
 */
const LAST_FIELDS: Record<string, number> = { lateRecordingReason: 1, reason: 2 };

export function SchemaFields(props: {
  schema: JsonSchema;
  value: Record<string, FormValue>;
  onChange(value: Record<string, FormValue>): void;
  idPrefix: string;
  commandType: string;
  timeZone: string;
  skip?: string[];
}) {
  const required = new Set(props.schema.required ?? []);
  return (
    <>
      {Object.entries(props.schema.properties ?? {})
        .filter(([name]) => !props.skip?.includes(name))
        .sort(([a], [b]) => (LAST_FIELDS[a] ?? 0) - (LAST_FIELDS[b] ?? 0))
        .map(([name, schema]) => (
          <Field
            key={name}
            name={name}
            path={`${props.idPrefix}-${name}`}
            schema={schema}
            required={required.has(name)}
            value={props.value[name] ?? initialValue(schema)}
            onChange={(v) => props.onChange({ ...props.value, [name]: v })}
            commandType={props.commandType}
            timeZone={props.timeZone}
          />
        ))}
    </>
  );
}

function useFieldLabel(): (name: string) => string {
  const { t } = useI18n();
  return (name) => t.formFields[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

function Field(props: FieldProps) {
  const { t, lang } = useI18n();
  const fieldLabel = useFieldLabel();
  const catalogues = useCatalogues();
  const versions = usePolicyVersions(
    props.commandType === 'MigrateDeadlinePolicy' && props.name === 'toVersion',
  );
  const { schema, path, required } = props;
  const hintId = `${path}-hint`;
  const labelText = `${fieldLabel(props.name)}${required ? ' *' : ''}`;
  const hintText = hintOf(lang, props.commandType, props.name, schema.description);
  const hint = hintText ? (
    <small id={hintId} class="muted">
      {hintText}
    </small>
  ) : null;
  const describedBy = hintText ? hintId : undefined;

  if (schema.properties) {
    return (
      <fieldset class="nested">
        <legend>{labelText}</legend>
        {hint}
        <SchemaFields
          schema={schema}
          value={(props.value ?? {}) as Record<string, FormValue>}
          onChange={props.onChange}
          idPrefix={path}
          commandType={props.commandType}
          timeZone={props.timeZone}
        />
      </fieldset>
    );
  }
  if (schema.type === 'array' && schema.items) {
    const items = (props.value as FormValue[]) ?? [];
    const itemSchema = schema.items;
    return (
      <fieldset class="nested">
        <legend>{labelText}</legend>
        {hint}
        {items.map((item, i) => (
          <div key={i} class="array-item">
            {itemSchema.properties ? (
              <SchemaFields
                schema={itemSchema}
                value={item as Record<string, FormValue>}
                onChange={(v) => props.onChange(items.map((x, j) => (j === i ? v : x)))}
                idPrefix={`${path}-${i}`}
                commandType={props.commandType}
                timeZone={props.timeZone}
              />
            ) : (
              <Field
                {...props}
                name={`${props.name} ${i + 1}`}
                path={`${path}-${i}`}
                schema={itemSchema}
                value={item}
                required
                onChange={(v) => props.onChange(items.map((x, j) => (j === i ? v : x)))}
              />
            )}
            <button type="button" onClick={() => props.onChange(items.filter((_, j) => j !== i))}>
              − {fieldLabel(props.name)} {i + 1}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => props.onChange([...items, initialValue(itemSchema)])}>
          + {fieldLabel(props.name)}
        </button>
      </fieldset>
    );
  }

  let control;
  const terms =
    versions?.map((v) => ({
      code: v.version,
      name: v.reason,
      gloss: v.reason,
      legalBasis: v.publishedAt.slice(0, 10),
    })) ?? termsFor(props.name, catalogues, props.commandType);
  if (schema.format === 'date') {
    control = (
      <DateField
        id={path}
        value={String(props.value ?? '')}
        required={required}
        timeZone={props.timeZone}
        describedBy={describedBy}
        onChange={props.onChange}
      />
    );
  } else if (schema.type === 'boolean') {
    control = (
      <select
        id={path}
        required={required}
        aria-describedby={describedBy}
        value={props.value === null ? '' : String(props.value)}
        onChange={(e) =>
          props.onChange(e.currentTarget.value === '' ? null : e.currentTarget.value === 'true')
        }
      >
        {(schema.nullable || !required) && <option value="">—</option>}
        <option value="true">{t.common.yes}</option>
        <option value="false">{t.common.no}</option>
      </select>
    );
  } else if (schema.enum || terms) {
    const codes = schema.enum ?? terms!.map((x) => x.code);
    control = (
      <select
        id={path}
        required={required}
        aria-describedby={describedBy}
        value={String(props.value ?? '')}
        onChange={(e) => {
          const raw = e.currentTarget.value;
          const numeric = schema.type === 'number' || schema.type === 'integer';
          props.onChange(raw === '' ? '' : numeric ? Number(raw) : raw);
        }}
      >
        <option value="">—</option>
        {codes.map((code) => {
          const term = terms?.find((x) => x.code === String(code));
          return (
            <option key={code} value={String(code)}>
              {term
                ? `${lang === 'id' ? term.name : term.gloss} (${code}) — ${term.legalBasis}`
                : String(code)}
            </option>
          );
        })}
      </select>
    );
  } else if (props.name === 'officerId') {
    control = (
      <OfficerInput
        id={path}
        value={String(props.value ?? '')}
        required={required}
        onChange={props.onChange}
      />
    );
  } else if (schema.type === 'number' || schema.type === 'integer') {
    control = (
      <input
        id={path}
        type="number"
        required={required}
        min={schema.minimum}
        max={schema.maximum}
        aria-describedby={describedBy}
        value={String(props.value ?? '')}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
    );
  } else if ((schema.maxLength ?? 0) > 300) {
    control = (
      <textarea
        id={path}
        rows={3}
        required={required}
        maxLength={schema.maxLength}
        aria-describedby={describedBy}
        value={String(props.value ?? '')}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
    );
  } else {
    control = (
      <input
        id={path}
        required={required}
        maxLength={schema.maxLength}
        aria-describedby={describedBy}
        placeholder={typeof schema.example === 'string' ? schema.example : undefined}
        value={String(props.value ?? '')}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
    );
  }
  return (
    <div class="field">
      <label for={path}>{labelText}</label>
      {control}
      {hint}
    </div>
  );
}

/** The officer id, with the officers the API knows in this agency offered as suggestions. */
function OfficerInput(props: { id: string; value: string; required: boolean; onChange(v: string): void }) {
  const [officers, setOfficers] = useState<SchemaOfficerView[]>([]);
  useEffect(() => {
    api
      .GET('/officers')
      .then(unwrap)
      .then(
        (r) => setOfficers(r.items),
        () => undefined,
      );
  }, []);
  return (
    <>
      <input
        id={props.id}
        list={`${props.id}-list`}
        required={props.required}
        value={props.value}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
      <datalist id={`${props.id}-list`}>
        {officers.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name ?? o.id}
          </option>
        ))}
      </datalist>
    </>
  );
}
