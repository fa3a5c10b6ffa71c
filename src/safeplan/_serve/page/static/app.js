// The drafting page: open a case, edit it as a form or as YAML, see what would be refused and
// what each person will receive, download the copies and save the case file.
//
// Every address is relative to the page's, so the service works mounted under a prefix too.
// The case lives in this page only: it is sent to the service in POST bodies (never in an
// address), is not stored there, and is not kept in the browser unless the user saves it.

import { fieldId, readCase, writeJson, writeYaml } from "./casefile.js";
import { CaseForm, el } from "./form.js";
import { sayProblems, showProblems, targetId } from "./problems.js";
import { showPreview } from "./preview.js";

const CHECK_DELAY_MS = 600;
const $ = (id) => document.getElementById(id);

const state = {
  schema: null,
  data: {},
  text: "",
  textFormat: "yaml",
  mode: "form",
  formEdited: false, // the form changed the data since the text was last written
  textEdited: false, // the text changed since the form was last drawn
  unsaved: false,
  token: "",
  pdf: false,
  timer: null,
  sequence: 0,
  opened: false,
};

let form = null;

// --- talking to the service -------------------------------------------------------------------

function headers(type) {
  const h = { Accept: "application/json" };
  if (type) h["Content-Type"] = type;
  if (state.token) h.Authorization = `Bearer ${state.token}`;
  return h;
}

async function getJson(path) {
  const response = await fetch(path, { headers: headers(), cache: "no-store", credentials: "omit" });
  if (!response.ok) throw new Error(await problemText(response));
  return response.json();
}

async function problemText(response) {
  try {
    const body = await response.json();
    return body.message || `The service answered ${response.status}.`;
  } catch {
    return `The service answered ${response.status}.`;
  }
}

/** What to send: the text as typed (read by the service exactly as a file would be), unless
 * the form has changed the data since. */
function payload() {
  if (state.mode === "yaml" || !state.formEdited) {
    return { body: state.text, type: state.textFormat === "json" ? "application/json" : "application/yaml" };
  }
  return { body: JSON.stringify(state.data), type: "application/json" };
}

async function post(path, { body, type }) {
  return fetch(path, { method: "POST", headers: headers(type), body, cache: "no-store", credentials: "omit" });
}

// --- status and announcements ---------------------------------------------------------------

function say(text) {
  $("status").textContent = text;
}

// --- opening a case ---------------------------------------------------------------------------

function open(text, format, label) {
  state.sequence += 1; // a check still on its way is of the case before: it is dropped
  $("status").dataset.opened = String(state.sequence);
  state.text = text;
  state.textFormat = format;
  state.formEdited = false;
  state.textEdited = false;
  state.unsaved = false;
  state.opened = true;
  $("yaml").value = text;
  $("editor").hidden = false;
  $("save-section").hidden = false;
  try {
    state.data = readCase(text, state.schema);
    form.draw(state.data);
  } catch (err) {
    state.data = {};
    form.draw(state.data);
    showMode("yaml");
    showReadError(err);
    say(`${label} is open as text: ${err.message}`);
    check(); // the service says what it makes of it too
    return;
  }
  say(`${label} is open. Checking it now.`);
  check();
}

async function openExample() {
  const name = $("example").value;
  if (!name) return;
  try {
    const response = await fetch(`v1/examples/${name.split("/").map(encodeURIComponent).join("/")}`, {
      headers: headers(), cache: "no-store", credentials: "omit",
    });
    if (!response.ok) throw new Error(await problemText(response));
    const type = response.headers.get("Content-Type") || "";
    open(await response.text(), type.includes("json") ? "json" : "yaml", "The example");
  } catch (err) {
    say(`The example could not be opened: ${err.message}`);
  }
}

function openUpload() {
  const file = $("upload").files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => open(String(reader.result), /\.json$/i.test(file.name) ? "json" : "yaml", "Your case file");
  reader.onerror = () => say("The file could not be read.");
  reader.readAsText(file);
}

// --- the two editors ----------------------------------------------------------------------------

function showMode(mode) {
  state.mode = mode;
  $("form-view").hidden = mode !== "form";
  $("yaml-view").hidden = mode !== "yaml";
  $("show-form").setAttribute("aria-pressed", String(mode === "form"));
  $("show-yaml").setAttribute("aria-pressed", String(mode === "yaml"));
}

function toYaml() {
  if (state.mode === "yaml") return;
  if (state.formEdited) {
    state.text = state.textFormat === "json" ? writeJson(state.data) : writeYaml(state.data);
    state.formEdited = false;
  }
  $("yaml").value = state.text;
  showMode("yaml");
  say("Showing the case file as text.");
}

/** Back to the form: the text is read again. False (and the problem shown) if it cannot be. */
function toForm() {
  if (state.mode === "form") return true;
  if (state.textEdited) {
    try {
      state.data = readCase(state.text, state.schema);
    } catch (err) {
      showReadError(err);
      $("read-error").focus();
      return false;
    }
    state.textEdited = false;
    $("read-error-slot").replaceChildren();
  }
  form.draw(state.data);
  showMode("form");
  say("Showing the case as a form.");
  return true;
}

function showReadError(err) {
  $("read-error-slot").replaceChildren(
    el("div", { class: "govuk-error-summary", id: "read-error", tabindex: "-1", role: "alert", "aria-labelledby": "read-error-title" },
      el("h2", { class: "govuk-error-summary__title", id: "read-error-title", text: "The case file cannot be read as a form yet" }),
      el("div", { class: "govuk-error-summary__body" },
        el("ul", { class: "govuk-list govuk-error-summary__list" },
          el("li", {}, el("a", { href: "#yaml", text: err.message }))))));
}

// --- checking as you type ---------------------------------------------------------------------

function edited(structural) {
  state.unsaved = true;
  if (structural) form.draw(state.data);
  schedule();
}

function schedule() {
  state.sequence += 1; // a check on its way is now out of date: it is dropped
  clearTimeout(state.timer);
  state.timer = setTimeout(check, CHECK_DELAY_MS);
}

/** Follow a link to a field: show the form if the field is in it, then focus the field. */
function go(id) {
  if (id === "yaml") {
    toYaml();
    $("yaml").focus();
    return;
  }
  if (state.mode === "yaml" && !toForm()) return;
  const target = $(id);
  if (!target) return;
  form.reveal(target);
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
}

function goPath(path) {
  let p = path;
  while (p.length && !$(fieldId(p))) p = p.slice(0, -1);
  go(p.length ? fieldId(p) : "case-form");
}

async function check({ announce = false } = {}) {
  clearTimeout(state.timer);
  if (!state.opened) return;
  const sequence = ++state.sequence;
  const sent = payload();
  let assessment;
  try {
    const response = await post("v1/check", sent);
    if (!response.ok) throw new Error(await problemText(response));
    assessment = await response.json();
  } catch (err) {
    if (sequence === state.sequence) say(`The check did not run: ${err.message}`);
    return;
  }
  if (sequence !== state.sequence) return; // a later edit's check is on its way
  const problems = [...assessment.refusals, ...assessment.findings];
  const fallback = state.mode === "yaml" ? "yaml" : "case-form";
  showProblems($("problems-slot"), $("case-form"), problems, fallback, go);
  form.countProblems(problems);
  say(sayProblems(problems));
  await updatePreview(sent, sequence, assessment);
  // which check is shown (for anyone waiting on the next one: the browser tests)
  $("status").dataset.checked = String(sequence);
  if (announce) {
    const first = $("refusals") || $("findings") || $("all-clear");
    if (first) first.focus();
  }
}

async function updatePreview(sent, sequence, assessment) {
  const slot = $("preview-slot");
  if (assessment.status !== "ok") {
    slot.replaceChildren(el("div", { class: "govuk-inset-text", id: "no-copies" },
      assessment.status === "unreadable"
        ? "No copies can be made until the case file can be read. Fix what the summary at the top lists."
        : "No copies can be made while the agreement is refused. Fix the refusals listed at the top of the page, and the copies appear here."));
    return;
  }
  let preview;
  try {
    const response = await post("v1/preview", sent);
    if (!response.ok) throw new Error(await problemText(response));
    preview = await response.json();
  } catch (err) {
    if (sequence === state.sequence) slot.replaceChildren(el("p", { class: "govuk-body", text: `The copies could not be shown: ${err.message}` }));
    return;
  }
  if (sequence !== state.sequence) return;
  showPreview(slot, preview, {
    formats: state.pdf ? ["docx", "pdf"] : ["docx"],
    download: (copy, format, button) => downloadCopy(copy, format, button),
    go: goPath,
  });
}

// --- downloads ----------------------------------------------------------------------------------

function fileName(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="([^"]+)"/i.exec(header);
  return plain ? plain[1] : fallback;
}

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function downloadCopy(copy, format, button) {
  const sent = payload();
  const envelope = {
    case: sent.type === "application/json" ? JSON.parse(sent.body) : sent.body,
    format: sent.type === "application/json" ? "json" : "yaml",
    recipient: copy.kind === "professional" ? null : copy.recipient,
    as: format,
  };
  button.disabled = true;
  say(`Making the ${format.toUpperCase()}…`);
  try {
    const response = await post("v1/copy", { body: JSON.stringify(envelope), type: "application/json" });
    if (!response.ok) throw new Error(await problemText(response));
    const name = fileName(response, `copy.${format}`);
    saveBlob(await response.blob(), name);
    say(`Downloaded ${name}.`);
  } catch (err) {
    say(`The copy could not be made: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

function saveCase(format) {
  let text;
  if (format === "yaml") {
    if (state.mode === "yaml" || !state.formEdited) text = state.textFormat === "yaml" ? state.text : writeYaml(readCase(state.text, state.schema));
    else text = writeYaml(state.data);
  } else {
    const data = state.mode === "yaml" || !state.formEdited ? readCase(state.text, state.schema) : state.data;
    text = writeJson(data);
  }
  const reference = typeof state.data.reference === "string" && /^[A-Za-z0-9._-]{1,50}$/.test(state.data.reference)
    ? state.data.reference : "case";
  const type = format === "yaml" ? "application/yaml" : "application/json";
  saveBlob(new Blob([text], { type }), `${reference}.${format}`);
  state.unsaved = false;
  say(`Saved the case file as ${reference}.${format} in your downloads.`);
}

function save(format) {
  try {
    saveCase(format);
  } catch (err) {
    showReadError(err);
    $("read-error").focus();
  }
}

// --- for template maintainers ---------------------------------------------------------------

async function showTemplates() {
  let found;
  try {
    found = await getJson("v1/templates");
  } catch {
    return;
  }
  if (!found.folders.length) return;
  const folders = found.folders.join(", ");
  const slot = $("templates-slot");
  if (!found.problems.length) {
    slot.replaceChildren(el("div", { class: "govuk-inset-text", id: "templates-ok" },
      `The copies use your template folders (${folders}). "templates check" found no problems in them.`));
    return;
  }
  const list = el("ul", { class: "govuk-list govuk-error-summary__list" });
  for (const p of found.problems) {
    list.append(el("li", {}, el("strong", { text: p.path }), ` ${p.message} `,
      el("span", { class: "sp-problem-meta", text: `${p.code} (${p.severity})` })));
  }
  slot.replaceChildren(el("div", { class: "govuk-error-summary sp-templates", id: "templates-problems", tabindex: "-1", "aria-labelledby": "templates-title" },
    el("h2", { class: "govuk-error-summary__title", id: "templates-title",
      text: `Your template folders (${folders}) have ${found.problems.length === 1 ? "1 problem" : `${found.problems.length} problems`}` }),
    el("div", { class: "govuk-error-summary__body" }, list)));
}

// --- start ------------------------------------------------------------------------------------

async function start() {
  document.body.classList.add("js-enabled", "govuk-frontend-supported");
  const health = await getJson("v1/health");
  state.pdf = Boolean(health.pdf);
  if (health.authenticated) $("token-section").hidden = false;
  $("token-section").addEventListener("submit", (event) => event.preventDefault());
  $("token").addEventListener("change", () => {
    state.token = $("token").value.trim();
    boot().catch((err) => say(`The service refused: ${err.message}`));
  });
  if (!health.authenticated) await boot();
  $("open-example").addEventListener("click", openExample);
  $("upload").addEventListener("change", openUpload);
  $("show-form").addEventListener("click", () => toForm());
  $("show-yaml").addEventListener("click", () => toYaml());
  $("yaml").addEventListener("input", () => {
    state.text = $("yaml").value;
    state.textEdited = true;
    state.unsaved = true;
    schedule();
  });
  $("check-now").addEventListener("click", () => check({ announce: true }));
  $("save-yaml").addEventListener("click", () => save("yaml"));
  $("save-json").addEventListener("click", () => save("json"));
  window.addEventListener("beforeunload", (event) => {
    if (state.unsaved) event.preventDefault();
  });
}

async function boot() {
  state.schema = await getJson("v1/schema");
  form = new CaseForm($("case-form"), state.schema, (_path, structural) => {
    state.formEdited = true;
    edited(structural);
  });
  const { examples } = await getJson("v1/examples");
  const select = $("example");
  select.replaceChildren(el("option", { value: "", text: examples.length ? "Choose an example" : "No examples on this service" }));
  for (const e of examples) select.append(el("option", { value: e.name, text: `${e.name}: ${e.title}` }));
  await showTemplates();
  $("page-ready").textContent = "ready";
}

start().catch((err) => say(`The page could not start: ${err.message}`));

export { state, targetId };
