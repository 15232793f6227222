/**
 * Small helpers over the routes' JSON schemas (TypeBox output is plain JSON Schema): build a sample
 * value that is likely valid, list the types a schema admits, walk every sub-schema. Used by the
 * route-table tests to exercise routes other engineers add without knowing them.
 */
export type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  examples?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
};

const STRING_CANDIDATES = [
  'sample', 'a', 'abc', '1', '1001', 'A1', 'audit:read', '4006123456', '+8613800138000', '13800138000', '010-12345678',
  '00:00', '12:00', '09:00-18:00', '2099-01-01', 'a@example.com', 'https://example.com/hook', '192.0.2.1', '192.0.2.0/24',
  'Asia/Shanghai', 'zh-CN', '91350100M000100Y43', 'user.name', 'sample-name', 'x'.repeat(8), 'Sample-Passw0rd!',
];

function sampleString(s: JsonSchema): string {
  const fmt: Record<string, string> = {
    'date-time': '2099-01-01T00:00:00.000Z',
    date: '2099-01-01',
    time: '12:00:00Z',
    email: 'a@example.com',
    uri: 'https://example.com/',
    url: 'https://example.com/',
    ipv4: '192.0.2.1',
    ipv6: '2001:db8::1',
    uuid: '00000000-0000-4000-8000-000000000000',
    hostname: 'example.com',
  };
  if (s.format && fmt[s.format]) return fmt[s.format] as string;
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Number.MAX_SAFE_INTEGER;
  const fits = (c: string) => c.length >= min && c.length <= max && (s.pattern === undefined || new RegExp(s.pattern, 'u').test(c));
  const found = STRING_CANDIDATES.find(fits);
  if (found !== undefined) return found;
  return 'x'.repeat(Math.max(min, 1));
}

/** A value that satisfies the schema in common cases (required properties only). */
export function sampleValue(s: JsonSchema): unknown {
  if ('const' in s) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  if (s.examples?.[0] !== undefined) return s.examples[0];
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return sampleValue(variants.find((v) => v.type !== 'null') ?? variants[0] ?? {});
  if (s.allOf) return Object.assign({}, ...s.allOf.map((p) => sampleValue(p) as object));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return sampleString(s);
    case 'integer':
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : Math.min(1, s.maximum ?? 1));
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sampleValue(s.items ?? {}));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sampleValue(s.properties?.[key] ?? {});
      return out;
    }
    default:
      return null;
  }
}

/** The JSON types a schema admits; undefined when it admits anything (no type constraint). */
export function admittedTypes(s: JsonSchema): Set<string> | undefined {
  if ('const' in s) return new Set([jsonType(s.const)]);
  if (s.enum) return new Set(s.enum.map(jsonType));
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    const all = new Set<string>();
    for (const v of variants) {
      const t = admittedTypes(v);
      if (!t) return undefined;
      t.forEach((x) => all.add(x));
    }
    return all;
  }
  if (s.type === undefined) return undefined;
  const types = new Set(Array.isArray(s.type) ? s.type : [s.type]);
  if (types.has('number')) types.add('integer');
  return types;
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** A value of a JSON type the schema does not admit, or undefined when it admits every type. */
export function wrongTypeValue(s: JsonSchema): unknown {
  const ok = admittedTypes(s);
  if (!ok) return undefined;
  const candidates: unknown[] = [12345, 'fuzz', true, [], { fuzz: 1 }, null, 1.5];
  return candidates.find((c) => !ok.has(jsonType(c)) && !(jsonType(c) === 'number' && ok.has('number')));
}

/** Every sub-schema with the JSON path that leads to it. */
export function* walk(s: JsonSchema, path = ''): Generator<[string, JsonSchema]> {
  yield [path, s];
  for (const [k, p] of Object.entries(s.properties ?? {})) yield* walk(p, `${path}/${k}`);
  for (const [k, p] of Object.entries(s.patternProperties ?? {})) yield* walk(p, `${path}/{${k}}`);
  if (typeof s.additionalProperties === 'object') yield* walk(s.additionalProperties, `${path}/*`);
  if (s.items) yield* walk(s.items, `${path}/[]`);
  for (const [i, v] of (s.anyOf ?? s.oneOf ?? s.allOf ?? []).entries()) yield* walk(v, `${path}|${i}`);
}
