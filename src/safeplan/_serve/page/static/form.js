// The case file as a GOV.UK form, generated from the case-file JSON Schema.
//
// The data is the truth: the form is drawn from it and each control writes only its own
// field back (a field never touched is never rewritten, so nothing is lost on the way from
// YAML to the form and back). Fields that hold the id of someone in the case (the schema's
// "x-safeplan-ref") are a choice of person; dates are GOV.UK date inputs; lists of entries
// (expectations, commitments, reviews ...) are repeatable sections with add and remove.
// Every control's id is "f-" and its path ("f-reviews-2-date"), which is how a problem's
// JSON Pointer finds its field.

import { fieldId, getAt, resolve, setAt } from "./casefile.js";

const GROUPS = { people: "people", children: "children", professionals: "professionals", agencies: "agencies" };
// Fields that, when changed, change the choices of person elsewhere in the form.
const NAMING = new Set(["id", "name"]);
const LONG_TEXT = 500;
// Free text that is one line all the same (a name, a label): an input, not a text area.
const ONE_LINE = new Set(["name", "label", "value", "known_to_children_as", "relationship"]);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function plain(description) {
  return (description || "").replace(/``/g, "").replace(/`/g, "");
}

function singular(title) {
  const words = {
    People: "Person",
    Children: "Child",
    Professionals: "Professional",
    Agencies: "Agency",
    Concerns: "Concern",
    Strengths: "Strength",
    Expectations: "Expectation",
    Commitments: "Commitment",
    "Contact arrangements": "Contact arrangement",
    Reviews: "Review",
    Contingency: "Step",
    Terms: "Term",
    Views: "View",
    Signatures: "Signature",
    "Support contacts": "Support contact",
    Recipients: "Recipient",
    "Safety plans": "Safety plan",
    Overrides: "Override",
    "Contact details": "Contact detail",
    "Check ins": "Check-in",
    Changes: "Change",
    Categories: "Category",
    "Safe adults": "Safe adult",
    "Safe places": "Safe place",
    "What to do": "Step",
    "Grown ups will": "Promise",
    "Drafted with": "Person",
  };
  return words[title] || title;
}

function article(noun) {
  return /^[aeiou]/i.test(noun) ? `an ${noun.toLowerCase()}` : `a ${noun.toLowerCase()}`;
}

export class CaseForm {
  /**
   * @param {HTMLElement} root  where the form is drawn
   * @param {object} schema     the case-file JSON Schema
   * @param {(path: Array, structural: boolean) => void} changed  called after each edit
   */
  constructor(root, schema, changed) {
    this.root = root;
    this.schema = schema;
    this.changed = changed;
    this.data = {};
    const role = schema.$defs.Person.properties.role;
    this.roles = role.oneOf.map((o) => ({ value: o.const, label: `Anyone who is: ${o.title.toLowerCase()}` }));
  }

  /** Draw the form for `data` (kept, and edited in place). */
  draw(data) {
    this.data = data;
    this.refFields = [];
    const focusedId = document.activeElement && this.root.contains(document.activeElement)
      ? document.activeElement.id : null;
    this.root.replaceChildren(this.rootSections());
    if (focusedId) this.focus(focusedId);
  }

  /** Redraw the choices of person after an id or a name changed, leaving the rest alone. */
  refreshChoices() {
    const fields = this.refFields;
    this.refFields = [];
    for (const { path, prop, required } of fields) {
      const group = this.root.querySelector(`[data-field="${fieldId(path)}"]`);
      const fresh = this.field(path, prop, required, 5);
      if (group && !group.contains(document.activeElement)) group.replaceWith(fresh);
      else this.refFields.push({ path, prop, required });
    }
  }

  focus(id) {
    const target = document.getElementById(id);
    if (target) target.focus({ preventScroll: false });
    return target;
  }

  // --- people to choose from -----------------------------------------------------------------

  choices(kinds, roles) {
    const out = [];
    for (const kind of kinds) {
      const group = this.data[GROUPS[kind]];
      if (!Array.isArray(group)) continue;
      for (const entry of group) {
        if (!entry || typeof entry.id !== "string" || !entry.id) continue;
        const name = typeof entry.name === "string" && entry.name ? entry.name : entry.id;
        out.push({ value: entry.id, label: `${name} (${kind === "agencies" ? "agency" : entry.id})` });
      }
    }
    return roles ? [...out, ...this.roles] : out;
  }

  // --- the form's parts --------------------------------------------------------------------

  // The case is long: one part is shown at a time, chosen from the list of parts beside it
  // (each with its count of problems). A link to a field shows its part first.
  rootSections() {
    const schema = this.schema;
    const contents = el("ul", { class: "govuk-list sp-parts-list" });
    const nav = el("nav", { class: "sp-parts", "aria-labelledby": "parts-title" },
      el("h3", { class: "govuk-heading-s", id: "parts-title", text: "Parts of the case" }), contents);
    const scalars = el("div");
    const required = new Set(schema.required || []);
    const parts = [["about", "The agreement", null]];
    for (const [key, prop] of Object.entries(schema.properties)) {
      const { node } = resolve(schema, prop);
      const part = this.field([key], prop, required.has(key), 3);
      if (node.type === "object" || node.type === "array") parts.push([key, prop.title, part]);
      else scalars.append(part);
    }
    parts[0][2] = el("fieldset", { class: "govuk-fieldset sp-section", id: "f-about", tabindex: "-1" },
      el("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--m" },
        el("h3", { class: "govuk-fieldset__heading", text: "The agreement" })),
      scalars);
    const shown = el("div", { class: "govuk-grid-column-three-quarters" });
    this.partKeys = new Set(parts.map(([key]) => key));
    if (!this.partKeys.has(this.current)) this.current = "about";
    for (const [key, title, part] of parts) {
      const link = el("a", { class: "govuk-link sp-part-link", href: `#${key === "about" ? "f-about" : fieldId([key])}`, "data-part": key },
        title, el("span", { class: "sp-part-count", "data-count": key }));
      link.addEventListener("click", (event) => {
        event.preventDefault();
        this.showPart(key);
        const first = document.getElementById(key === "about" ? "f-about" : fieldId([key]));
        if (first) first.focus();
      });
      contents.append(el("li", {}, link));
      shown.append(el("div", { class: "sp-part", "data-part": key, hidden: key !== this.current }, part));
    }
    const row = el("div", { class: "govuk-grid-row" },
      el("div", { class: "govuk-grid-column-one-quarter" }, nav), shown);
    this.root.dataset.current = this.current;
    queueMicrotask(() => this.showPart(this.current));
    return row;
  }

  /** Show one part of the case (a top-level key, or "about" for the agreement's own fields). */
  showPart(key) {
    this.current = key;
    for (const part of this.root.querySelectorAll(".sp-part")) part.hidden = part.dataset.part !== key;
    for (const link of this.root.querySelectorAll(".sp-part-link")) {
      if (link.dataset.part === key) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
  }

  /** Show whatever holds `target`: its part, and any details around it. */
  reveal(target) {
    const part = target.closest(".sp-part");
    if (part) this.showPart(part.dataset.part);
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  /** The part a top-level key is in. */
  partFor(key) {
    return this.partKeys && this.partKeys.has(key) ? key : "about";
  }

  /** Beside each part's name, how many refusals and findings it has. */
  countProblems(problems) {
    const counts = {};
    for (const p of problems) {
      const first = (p.pointer || "").split("/")[1];
      const key = first === undefined ? "about" : this.partFor(first);
      counts[key] = counts[key] || { refusal: 0, other: 0 };
      counts[key][p.severity === "refusal" ? "refusal" : "other"] += 1;
    }
    for (const span of this.root.querySelectorAll("[data-count]")) {
      const c = counts[span.dataset.count];
      span.replaceChildren();
      if (!c) continue;
      if (c.refusal) span.append(" ", el("strong", { class: "govuk-tag govuk-tag--red sp-count", text: c.refusal === 1 ? "1 refusal" : `${c.refusal} refusals` }));
      if (c.other) span.append(" ", el("strong", { class: "govuk-tag govuk-tag--yellow sp-count", text: c.other === 1 ? "1 finding" : `${c.other} findings` }));
    }
  }

  /** One field of any kind. `level`: the heading level of its legend if it is a section. */
  field(path, prop, required, level) {
    const { node, nullable, choices } = resolve(this.schema, prop);
    const refs = prop["x-safeplan-ref"];
    if (refs) this.refFields.push({ path, prop, required });
    if (refs && node.type === "array") return this.refList(path, prop, refs, Boolean(prop["x-safeplan-roles"]));
    if (refs) return this.refSelect(path, prop, refs, nullable || !required);
    if (node.enum) return this.enumSelect(path, prop, node, nullable || !required);
    if (node.format === "date") return this.dateInput(path, prop, required);
    if (node.type === "boolean") return this.booleanRadios(path, prop, nullable);
    if (node.type === "integer") return this.integerInput(path, prop, required);
    if (node.type === "string") return this.textInput(path, prop, node, required);
    if (node.type === "object") return this.objectSection(path, prop, node, required && !nullable, level);
    if (node.type === "array") return this.arraySection(path, prop, node, level);
    if (choices) return this.textOrNote(path, prop, choices, level);
    return this.textInput(path, prop, { maxLength: LONG_TEXT }, required);
  }

  group(id, ...children) {
    return el("div", { class: "govuk-form-group", "data-field": id }, ...children);
  }

  hint(id, prop) {
    const fallback = ["string", "number"].includes(typeof prop.default) && prop.default !== ""
      ? ` If left empty: ${prop.default}.` : "";
    let text = plain(prop.description) + fallback;
    if (prop["x-safeplan-ref"]) {
      // the form offers people by name: the case file's ids are its own business
      text = text.replace(/\bThe ids? of (the )?/, "The ").replace(/\bIds of (the )?/, "The ")
        .replace(/\bids? of /g, "");
    }
    return text ? el("div", { class: "govuk-hint", id: `${id}-hint`, text }) : null;
  }

  messages(id) {
    return el("div", { class: "sp-messages", id: `${id}-messages` });
  }

  describedBy(id, prop) {
    return [prop.description || ["string", "number"].includes(typeof prop.default) ? `${id}-hint` : null, `${id}-messages`].filter(Boolean).join(" ");
  }

  label(id, prop) {
    return el("label", { class: "govuk-label govuk-label--s", for: id, text: prop.title });
  }

  write(path, value, structural = false) {
    if (structural && value !== undefined) this.removed = null;
    setAt(this.data, path, value);
    this.changed(path, structural);
  }

  textInput(path, prop, node, required) {
    const id = fieldId(path);
    const value = getAt(this.data, path);
    const long = (node.maxLength || 0) > LONG_TEXT && !ONE_LINE.has(path[path.length - 1]);
    const shown = value === null || value === undefined ? "" : String(value);
    const control = long
      ? el("textarea", { class: "govuk-textarea", id, name: id, rows: 3, "aria-describedby": this.describedBy(id, prop) })
      : el("input", { class: "govuk-input", id, name: id, type: "text", spellcheck: "false", "aria-describedby": this.describedBy(id, prop) });
    control.value = shown;
    const last = path[path.length - 1];
    const naming = NAMING.has(last) && path.length === 3 && GROUPS[path[0]];
    control.addEventListener("input", () => {
      const text = control.value;
      this.write(path, text === "" && !required ? undefined : text);
    });
    if (naming) control.addEventListener("change", () => this.refreshChoices());
    return this.group(id, this.label(id, prop), this.hint(id, prop), this.messages(id), control);
  }

  integerInput(path, prop, required) {
    const id = fieldId(path);
    const value = getAt(this.data, path);
    const control = el("input", {
      class: "govuk-input govuk-input--width-4", id, name: id, type: "text", inputmode: "numeric",
      "aria-describedby": this.describedBy(id, prop),
    });
    control.value = value === null || value === undefined ? "" : String(value);
    control.addEventListener("input", () => {
      const text = control.value.trim();
      if (text === "") this.write(path, required ? "" : undefined);
      else this.write(path, /^-?\d+$/.test(text) ? Number(text) : text);
    });
    return this.group(id, this.label(id, prop), this.hint(id, prop), this.messages(id), control);
  }

  select(path, prop, options, emptyLabel) {
    const id = fieldId(path);
    const value = getAt(this.data, path);
    const control = el("select", { class: "govuk-select", id, name: id, "aria-describedby": this.describedBy(id, prop) });
    if (emptyLabel !== null) control.append(el("option", { value: "", text: emptyLabel }));
    const known = new Set(options.map((o) => o.value));
    for (const o of options) control.append(el("option", { value: o.value, text: o.label }));
    if (typeof value === "string" && value && !known.has(value)) {
      control.append(el("option", { value, text: `${value} (not in this case)` }));
    }
    control.value = typeof value === "string" ? value : "";
    control.addEventListener("change", () => {
      this.write(path, control.value === "" ? undefined : control.value);
    });
    return this.group(id, this.label(id, prop), this.hint(id, prop), this.messages(id), control);
  }

  refSelect(path, prop, refs, optional) {
    return this.select(path, prop, this.choices(refs, false), optional ? "Not given" : "Choose who");
  }

  enumSelect(path, prop, node, optional) {
    const labels = new Map((node.oneOf || []).map((o) => [o.const, o.title]));
    const options = node.enum.map((v) => ({ value: v, label: labels.get(v) || v }));
    return this.select(path, prop, options, optional ? "Not given" : "Choose one");
  }

  fieldset(id, prop, legendClass, ...children) {
    return el("fieldset", { class: "govuk-fieldset", "aria-describedby": this.describedBy(id, prop) },
      el("legend", { class: `govuk-fieldset__legend ${legendClass}`, text: prop.title }),
      ...children);
  }

  refList(path, prop, refs, roles) {
    const id = fieldId(path);
    const value = getAt(this.data, path);
    const chosen = Array.isArray(value) ? value : [];
    const options = this.choices(refs, roles);
    const known = new Set(options.map((o) => o.value));
    for (const v of chosen) {
      if (typeof v === "string" && !known.has(v)) options.push({ value: v, label: `${v} (not in this case)` });
    }
    const boxes = el("div", { class: "govuk-checkboxes govuk-checkboxes--small", "data-module": "govuk-checkboxes" });
    options.forEach((o, i) => {
      const boxId = i === 0 ? id : `${id}-${i}`;
      const box = el("input", { class: "govuk-checkboxes__input", id: boxId, name: id, type: "checkbox", value: o.value });
      box.checked = chosen.includes(o.value);
      box.addEventListener("change", () => {
        const now = Array.isArray(getAt(this.data, path)) ? [...getAt(this.data, path)] : [];
        const at = now.indexOf(o.value);
        if (box.checked && at < 0) now.push(o.value);
        if (!box.checked && at >= 0) now.splice(at, 1);
        this.write(path, now.length || Array.isArray(value) ? now : undefined);
      });
      boxes.append(el("div", { class: "govuk-checkboxes__item" }, box,
        el("label", { class: "govuk-label govuk-checkboxes__label", for: boxId, text: o.label })));
    });
    if (!options.length) {
      boxes.append(el("p", { class: "govuk-body-s", id, tabindex: "-1", text: "No one to choose yet: add them to the case first." }));
    }
    return this.group(id, this.fieldset(id, prop, "govuk-fieldset__legend--s",
      this.hint(id, prop), this.messages(id), boxes));
  }

  booleanRadios(path, prop, nullable) {
    const id = fieldId(path);
    const value = getAt(this.data, path);
    const shown = value === undefined ? prop.default : value;
    const options = [
      { key: "yes", label: "Yes", value: true },
      { key: "no", label: "No", value: false },
    ];
    if (nullable) options.push({ key: "unknown", label: "Not known", value: null });
    const radios = el("div", { class: "govuk-radios govuk-radios--small govuk-radios--inline", "data-module": "govuk-radios" });
    options.forEach((o, i) => {
      const radioId = i === 0 ? id : `${id}-${o.key}`;
      const radio = el("input", { class: "govuk-radios__input", id: radioId, name: id, type: "radio", value: o.key });
      radio.checked = shown === o.value || (o.value === null && shown === undefined);
      radio.addEventListener("change", () => {
        if (radio.checked) this.write(path, o.value);
      });
      radios.append(el("div", { class: "govuk-radios__item" }, radio,
        el("label", { class: "govuk-label govuk-radios__label", for: radioId, text: o.label })));
    });
    return this.group(id, this.fieldset(id, prop, "govuk-fieldset__legend--s",
      this.hint(id, prop), this.messages(id), radios));
  }

  dateInput(path, prop, required) {
    const id = fieldId(path);
    const value = getAt(this.data, path);
    const m = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
    const parts = m
      ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] }
      : { day: "", month: "", year: typeof value === "string" ? value : "" };
    const inputs = {};
    const item = (key, label, width) => {
      const inputId = key === "day" ? id : `${id}-${key}`;
      const input = el("input", {
        class: `govuk-input govuk-date-input__input govuk-input--width-${width}`,
        id: inputId, name: inputId, type: "text", inputmode: "numeric",
      });
      input.value = parts[key];
      inputs[key] = input;
      input.addEventListener("input", () => {
        const d = inputs.day.value.trim();
        const mo = inputs.month.value.trim();
        const y = inputs.year.value.trim();
        if (!d && !mo && !y) {
          this.write(path, required ? "" : undefined);
          return;
        }
        const pad = (t) => (/^\d$/.test(t) ? `0${t}` : t);
        this.write(path, `${y}-${pad(mo)}-${pad(d)}`);
      });
      return el("div", { class: "govuk-date-input__item" },
        el("div", { class: "govuk-form-group" },
          el("label", { class: "govuk-label govuk-date-input__label", for: inputId, text: label }),
          input));
    };
    const hintText = [plain(prop.description), "For example, 27 3 2027."].filter(Boolean).join(" ");
    const box = el("div", { class: "govuk-date-input", id: `${id}-date` },
      item("day", "Day", 2), item("month", "Month", 2), item("year", "Year", 4));
    return this.group(id,
      el("fieldset", { class: "govuk-fieldset", role: "group", "aria-describedby": `${id}-hint ${id}-messages` },
        el("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s", text: prop.title }),
        el("div", { class: "govuk-hint", id: `${id}-hint`, text: hintText }),
        this.messages(id), box));
  }

  legend(text, level, size) {
    const heading = el(`h${Math.min(level, 6)}`, { class: "govuk-fieldset__heading", text });
    return el("legend", { class: `govuk-fieldset__legend govuk-fieldset__legend--${size}` }, heading);
  }

  objectSection(path, prop, node, required, level) {
    const id = fieldId(path);
    const value = getAt(this.data, path);
    const size = level <= 3 ? "m" : "s";
    if (value === null || value === undefined || typeof value !== "object") {
      // an optional part not written yet: a button adds it
      const add = el("button", {
        class: "govuk-button govuk-button--secondary", type: "button", id,
        "aria-describedby": `${id}-messages`, text: `Add ${(prop.title || "").toLowerCase()}`,
      });
      add.addEventListener("click", () => {
        this.write(path, {}, true);
        this.focusFirst(path);
      });
      return el("div", { class: "sp-section", "data-field": id },
        el(`h${Math.min(level, 6)}`, { class: `govuk-heading-${size}`, text: prop.title }),
        this.hint(id, prop), this.messages(id), add);
    }
    const inner = this.objectFields(path, node, level + 1);
    const parts = [this.legend(prop.title, level, size), this.hint(id, prop), this.messages(id), inner];
    if (!required) {
      const remove = el("button", { class: "govuk-button govuk-button--warning sp-remove", type: "button" },
        `Remove ${(prop.title || "").toLowerCase()}`);
      remove.addEventListener("click", () => {
        this.write(path, undefined, true);
        this.focus(id);
      });
      parts.push(remove);
    }
    return el("fieldset", { class: "govuk-fieldset sp-section", id, tabindex: "-1", "data-field": id,
      "aria-describedby": `${id}-messages` }, ...parts);
  }

  objectFields(path, node, level) {
    // Fields that are required or filled in are shown; the other optional ones wait in a
    // GOV.UK details element, so a long case stays readable. A link to a field in it opens it.
    const required = new Set(node.required || []);
    const out = el("div", { class: "sp-fields" });
    const more = [];
    for (const [key, prop] of Object.entries(node.properties || {})) {
      const value = getAt(this.data, [...path, key]);
      const empty = value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length);
      const part = this.field([...path, key], prop, required.has(key), level);
      if (required.has(key) || !empty || path.length === 0) out.append(part);
      else more.push([prop.title, part]);
    }
    if (more.length) {
      const names = more.map(([title]) => title.toLowerCase()).join(", ");
      out.append(el("details", { class: "govuk-details sp-more" },
        el("summary", { class: "govuk-details__summary" },
          el("span", { class: "govuk-details__summary-text", text: `More fields (${more.length})` })),
        el("div", { class: "govuk-details__text" },
          el("p", { class: "govuk-body-s sp-more-names", text: `Not filled in yet: ${names}.` }),
          ...more.map(([, part]) => part))));
    }
    return out;
  }

  focusFirst(path) {
    const id = fieldId(path);
    const container = document.getElementById(id);
    const first = container && container.querySelector("input, select, textarea");
    if (first) first.focus();
    else if (container) container.focus();
  }

  arraySection(path, prop, node, level) {
    const id = fieldId(path);
    const value = getAt(this.data, path);
    const items = Array.isArray(value) ? value : [];
    const itemInfo = resolve(this.schema, node.items);
    const noun = singular(prop.title);
    const size = level <= 3 ? "m" : "s";
    const list = el("div", { class: "sp-items" });
    items.forEach((item, i) => list.append(this.arrayItem([...path, i], itemInfo, noun, i, level + 1)));
    const add = el("button", { class: "govuk-button govuk-button--secondary", type: "button", id: `${id}-add` },
      `Add ${article(noun)}`);
    add.addEventListener("click", () => {
      const now = Array.isArray(getAt(this.data, path)) ? getAt(this.data, path) : [];
      const fresh = itemInfo.node.type === "object" ? {} : "";
      const at = now.length; // before the write: it grows the list in place
      this.write([...path, at], fresh, true);
      this.focusFirst([...path, at]);
    });
    const empty = items.length ? null : el("p", { class: "govuk-body sp-empty", text: `No ${prop.title.toLowerCase()} yet.` });
    const removed = this.removed && fieldId(this.removed.path.slice(0, -1)) === id ? this.removed : null;
    let undo = null;
    if (removed) {
      const button = el("button", { class: "govuk-button govuk-button--secondary sp-small", type: "button", id: `${id}-undo` },
        `Put back ${removed.title.toLowerCase()}`);
      button.addEventListener("click", () => {
        const list = Array.isArray(getAt(this.data, path)) ? getAt(this.data, path) : [];
        const at = Math.min(removed.path[removed.path.length - 1], list.length);
        list.splice(at, 0, removed.value);
        this.removed = null;
        this.write(path, list, true);
        this.focusFirst([...path, at]);
      });
      undo = el("div", { class: "govuk-inset-text sp-undo" }, el("p", { class: "govuk-body", text: `${removed.title} was removed.` }), button);
    }
    return el("fieldset", { class: "govuk-fieldset sp-section", id, tabindex: "-1", "data-field": id,
      "aria-describedby": this.describedBy(id, prop) },
      this.legend(prop.title, level, size), this.hint(id, prop), this.messages(id), undo, empty, list, add);
  }

  arrayItem(path, itemInfo, noun, i, level) {
    const id = fieldId(path);
    const title = `${noun} ${i + 1}`;
    const remove = el("button", { class: "govuk-button govuk-button--warning sp-remove", type: "button" },
      "Remove ", el("span", { class: "govuk-visually-hidden", text: `${noun.toLowerCase()} ${i + 1}` }));
    remove.addEventListener("click", () => {
      // kept until the next change of shape, so a slip of the mouse can be undone
      this.removed = { path, value: getAt(this.data, path), title };
      this.write(path, undefined, true);
      this.focus(`${fieldId(path.slice(0, -1))}-undo`);
    });
    let body;
    const { node, choices } = itemInfo;
    if (node.type === "object") {
      body = this.objectFields(path, node, level + 1);
    } else if (choices) {
      body = this.textOrNoteItem(path, title, choices);
    } else {
      // one line of text: a field and its remove button, no box around it
      const field = this.field(path, { ...node, title }, true, level + 1);
      field.append(remove);
      return field;
    }
    return el("fieldset", { class: "govuk-fieldset sp-item", id: node.type === "object" ? id : `${id}-item`,
      tabindex: "-1", "data-field": node.type === "object" ? id : null, "aria-describedby": node.type === "object" ? `${id}-messages` : null },
      el("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" },
        el(`h${Math.min(level, 6)}`, { class: "govuk-fieldset__heading", text: title })),
      node.type === "object" ? this.messages(id) : null,
      body, remove);
  }

  // A list entry that is text, or a note (text with who must not see it).
  textOrNoteItem(path, title, choices) {
    const value = getAt(this.data, path);
    const noteRef = choices.find((c) => c.$ref);
    const note = noteRef ? resolve(this.schema, noteRef).node : null;
    if (value && typeof value === "object" && note) {
      return this.objectFields(path, note, 5);
    }
    const wrap = el("div");
    wrap.append(this.textInput(path, { title: "Text" }, { maxLength: 10000 }, true));
    if (note) {
      const keep = el("button", { class: "govuk-button govuk-button--secondary sp-small", type: "button" },
        "Keep it from some copies", el("span", { class: "govuk-visually-hidden", text: ` (${title.toLowerCase()})` }));
      keep.addEventListener("click", () => {
        const text = getAt(this.data, path);
        this.write(path, { text: typeof text === "string" ? text : "" }, true);
        this.focus(fieldId([...path, "withheld_from"]));
      });
      wrap.append(keep);
    }
    return wrap;
  }

  textOrNote(path, prop, choices, level) {
    // a single field that is text or an object: shown as text unless it is an object
    const value = getAt(this.data, path);
    if (value && typeof value === "object") {
      const objectBranch = choices.find((c) => c.$ref);
      if (objectBranch) return this.objectSection(path, prop, resolve(this.schema, objectBranch).node, false, level);
    }
    return this.textInput(path, prop, { maxLength: 10000 }, false);
  }
}
