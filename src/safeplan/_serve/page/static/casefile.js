// The case file in the browser: YAML text to data and back, read the way safeplan reads it.
//
// safeplan reads YAML strictly (true and false are the only booleans, yes/no/on/off are
// text, and text is never quietly a number). js-yaml's failsafe schema keeps every scalar as
// text, so nothing is lost on the way in ("07700900123" keeps its zero); the case-file schema
// then says which fields hold true/false, whole numbers or nothing (null). On the way out,
// any text that safeplan's reader would take for something else (a number, a date and time,
// "null", "1:30") is quoted.

import {
  CORE_SCHEMA,
  FAILSAFE_SCHEMA,
  Type,
  dump,
  load,
  types,
} from "./vendor/js-yaml/js-yaml.js";

const READ_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [types.merge] });

// What PyYAML's resolvers (which safeplan's reader uses, less its booleans) take for
// something other than text: YAML 1.1 integers and floats, null, dates with a time, "=".
const NOT_TEXT = [
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?$/,
  /^=$/,
  /^<<$/,
];
const quoteThese = new Type("tag:safeplan,2026:not-text", {
  kind: "scalar",
  resolve: (text) => NOT_TEXT.some((rx) => rx.test(text)),
  construct: (text) => text,
});
const WRITE_SCHEMA = CORE_SCHEMA.extend({ implicit: [quoteThese] });

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const BOOLEANS = { true: true, True: true, TRUE: true, false: false, False: false, FALSE: false };
const INTEGER = /^[-+]?(?:0|[1-9][0-9_]*)$/;

/** The schema node a reference points at, and whether null is allowed. */
export function resolve(schema, node) {
  if (!node) return { node: {}, nullable: false };
  if (node.$ref) {
    const name = node.$ref.split("/").pop();
    return { node: schema.$defs[name], nullable: false, ref: name };
  }
  if (node.anyOf) {
    const nonNull = node.anyOf.filter((n) => n.type !== "null");
    const nullable = nonNull.length < node.anyOf.length;
    if (nonNull.length === 1) {
      const inner = resolve(schema, nonNull[0]);
      const merged = inner.ref
        ? { ...inner.node, title: node.title || inner.node.title, description: node.description }
        : { ...node, ...inner.node, anyOf: undefined };
      return { ...inner, node: merged, nullable };
    }
    return { node, nullable, choices: nonNull };
  }
  return { node, nullable: false };
}

function coerce(schema, node, value) {
  const { node: n, nullable, choices } = resolve(schema, node);
  if (value === null || value === undefined) return value;
  if (typeof value === "string" && nullable && NULLS.has(value)) return null;
  if (choices) {
    // text or an object (a note): an object is read as the object branch
    const objectBranch = choices.find((c) => c.$ref);
    if (typeof value === "object" && objectBranch) return coerce(schema, objectBranch, value);
    return value;
  }
  if (n.type === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = n.properties && n.properties[key] ? coerce(schema, n.properties[key], v) : v;
    }
    return out;
  }
  if (n.type === "array" && Array.isArray(value)) {
    return value.map((v) => coerce(schema, n.items, v));
  }
  if (typeof value === "string") {
    if (n.type === "boolean" && value in BOOLEANS) return BOOLEANS[value];
    if (n.type === "integer" && INTEGER.test(value)) return Number(value.replace(/_/g, ""));
  }
  return value;
}

/** Read a case file's text (YAML or JSON) into data, shaped by the case-file schema.
 * Throws an Error whose message gives the line, never the text. */
export function readCase(text, schema) {
  let raw;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      return JSON.parse(text);
    } catch {
      // not JSON: a YAML flow mapping, or broken; the YAML reader says which
    }
  }
  try {
    raw = load(text, { schema: READ_SCHEMA, json: false });
  } catch (err) {
    const mark = err.mark ? ` (line ${err.mark.line + 1}, column ${err.mark.column + 1})` : "";
    throw new Error(`The YAML cannot be read${mark}: ${err.reason || "it is not valid YAML"}.`);
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new Error("The case file must be a mapping of fields (reference, date, plan …).");
  }
  return coerce(schema, schema, raw);
}

/** The data as YAML text that safeplan reads back to the same data. */
export function writeYaml(data) {
  return dump(data, { schema: WRITE_SCHEMA, lineWidth: -1, noRefs: true, quotingType: '"' });
}

/** The data as JSON text. */
export function writeJson(data) {
  return JSON.stringify(data, null, 2) + "\n";
}

// --- places in the case ---------------------------------------------------------------------

/** ["reviews", 2, "date"] from a JSON Pointer ("/reviews/2/date"). */
export function fromPointer(pointer) {
  if (!pointer) return [];
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** The id of the form field for a path ("f-reviews-2-date"). Keys are schema names. */
export function fieldId(path) {
  return ["f", ...path].join("-");
}

export function getAt(data, path) {
  let value = data;
  for (const step of path) {
    if (value === null || value === undefined) return undefined;
    value = value[step];
  }
  return value;
}

/** Set (or, with undefined, delete) the value at a path, making objects on the way. */
export function setAt(data, path, value) {
  let parent = data;
  for (let i = 0; i < path.length - 1; i += 1) {
    const step = path[i];
    if (parent[step] === null || typeof parent[step] !== "object") {
      parent[step] = typeof path[i + 1] === "number" ? [] : {};
    }
    parent = parent[step];
  }
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last, 1);
    else delete parent[last];
  } else {
    parent[last] = value;
  }
}

/** ["strengths", 0, "text"] from a JSONPath ("$.strengths[0].text"). */
export function fromJsonPath(path) {
  const out = [];
  const rx = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;
  let m;
  while ((m = rx.exec(path || "")) !== null) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return out;
}
