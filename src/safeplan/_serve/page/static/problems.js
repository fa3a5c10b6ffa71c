// Refusals and findings: a GOV.UK error summary whose links go to the fields, and each
// problem's message beside its field.
//
// A problem carries a JSON Pointer ("/reviews/2/date"); its field is the form control with
// that id ("f-reviews-2-date"), or the nearest part of the form that holds it (an entry, a
// section), or the YAML text when the form is not shown.

import { fieldId, fromPointer } from "./casefile.js";
import { el } from "./form.js";

const ORDER = { refusal: 0, warning: 1, advice: 2 };
const WORDS = { refusal: "Refused", warning: "Warning", advice: "Advice" };

/** The id of the element a problem's link goes to, in the form (null if none fits). */
export function targetId(problem) {
  let path = fromPointer(problem.pointer);
  while (path.length) {
    const id = fieldId(path);
    if (document.getElementById(id)) return id;
    path = path.slice(0, -1);
  }
  return null;
}

function where(id) {
  if (!id) return "";
  const target = document.getElementById(id);
  if (!target) return "";
  const group = target.closest("[data-field]") || target;
  const names = [];
  let node = group;
  while (node && node.id !== "case-form") {
    if (node.matches && node.matches("fieldset")) {
      const legend = node.querySelector(":scope > legend");
      if (legend) names.unshift(legend.textContent.trim());
    } else if (node.matches && node.matches("[data-field]")) {
      const label = node.querySelector(":scope > label");
      if (label) names.unshift(label.textContent.trim());
    }
    node = node.parentElement;
  }
  return [...new Set(names)].join(", ");
}

function clearInline(root) {
  for (const msg of root.querySelectorAll(".sp-problem")) msg.remove();
  for (const group of root.querySelectorAll(".govuk-form-group--error")) {
    group.classList.remove("govuk-form-group--error");
  }
  for (const input of root.querySelectorAll(".govuk-input--error, .govuk-select--error, .govuk-textarea--error")) {
    input.classList.remove("govuk-input--error", "govuk-select--error", "govuk-textarea--error");
  }
}

function inline(problem, id) {
  const slot = document.getElementById(`${id}-messages`);
  if (!slot) return;
  const refusal = problem.severity === "refusal";
  slot.append(el("p", { class: refusal ? "govuk-error-message sp-problem" : "sp-finding-message sp-problem" },
    el("span", { class: "govuk-visually-hidden", text: refusal ? "Error: " : `${WORDS[problem.severity]}: ` }),
    refusal ? null : el("strong", { class: "govuk-tag govuk-tag--yellow sp-tag", "aria-hidden": "true", text: WORDS[problem.severity] }),
    " ", problem.message));
  if (refusal) {
    for (let node = slot; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    const group = slot.closest(".govuk-form-group");
    if (group) group.classList.add("govuk-form-group--error");
    const control = document.getElementById(id);
    const dateBox = control && control.closest(".govuk-date-input");
    if (dateBox) for (const input of dateBox.querySelectorAll("input")) input.classList.add("govuk-input--error");
    else if (control && control.matches("input.govuk-input")) control.classList.add("govuk-input--error");
    if (control && control.matches("select")) control.classList.add("govuk-select--error");
    if (control && control.matches("textarea")) control.classList.add("govuk-textarea--error");
  }
}

function item(problem, id, fallback) {
  const target = id || fallback;
  const place = where(id);
  return el("li", {},
    el("a", { href: `#${target}`, "data-target": target }, problem.message),
    el("span", { class: "sp-problem-meta" },
      place ? `${place}. ` : "",
      `${problem.code}`,
      problem.source ? ` · from: ${problem.source}` : ""));
}

/**
 * Show an assessment: refusals in a GOV.UK error summary, findings in a second summary, each
 * linking to its field; the messages beside the fields too.
 * @param {HTMLElement} slot  where the summaries go
 * @param {HTMLElement} form  the form (for the messages beside fields)
 * @param {Array} problems    Problem records (refusals and findings)
 * @param {string} fallback   the id to link to when no field fits (the YAML text, say)
 * @param {(id: string) => void} go  follows a link (shows the form if needed, focuses)
 */
export function showProblems(slot, form, problems, fallback, go) {
  clearInline(form);
  const sorted = [...problems].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const refusals = sorted.filter((p) => p.severity === "refusal");
  const findings = sorted.filter((p) => p.severity !== "refusal");
  const parts = [];
  if (refusals.length) {
    const list = el("ul", { class: "govuk-list govuk-error-summary__list" });
    for (const p of refusals) {
      const id = targetId(p);
      list.append(item(p, id, fallback));
      if (id) inline(p, id);
    }
    parts.push(el("div", { class: "govuk-error-summary", id: "refusals", tabindex: "-1", "aria-labelledby": "refusals-title" },
      el("h2", { class: "govuk-error-summary__title", id: "refusals-title",
        text: refusals.length === 1 ? "This agreement cannot be issued: 1 thing to fix" : `This agreement cannot be issued: ${refusals.length} things to fix` }),
      el("div", { class: "govuk-error-summary__body" }, list)));
  }
  if (findings.length) {
    const list = el("ul", { class: "govuk-list govuk-error-summary__list" });
    for (const p of findings) {
      const id = targetId(p);
      list.append(item(p, id, fallback));
      if (id) inline(p, id);
    }
    parts.push(el("div", { class: "govuk-error-summary sp-findings", id: "findings", tabindex: "-1", "aria-labelledby": "findings-title" },
      el("h2", { class: "govuk-error-summary__title", id: "findings-title",
        text: findings.length === 1 ? "1 finding: what would make it better" : `${findings.length} findings: what would make it better` }),
      el("div", { class: "govuk-error-summary__body" }, list)));
  }
  if (!refusals.length) {
    parts.unshift(el("div", { class: "govuk-notification-banner govuk-notification-banner--success", id: "all-clear",
      tabindex: "-1", role: "region", "aria-labelledby": "all-clear-title" },
      el("div", { class: "govuk-notification-banner__header" },
        el("h2", { class: "govuk-notification-banner__title", id: "all-clear-title", text: "No refusals" })),
      el("div", { class: "govuk-notification-banner__content" },
        el("p", { class: "govuk-notification-banner__heading",
          text: findings.length ? "This agreement may be issued. Read the findings below first." : "This agreement may be issued, and there are no findings." }))));
  }
  slot.replaceChildren(...parts);
  for (const link of slot.querySelectorAll("a[data-target]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      go(link.dataset.target);
    });
  }
}

/** A sentence for the live region: what the last check found. */
export function sayProblems(problems) {
  const refusals = problems.filter((p) => p.severity === "refusal").length;
  const findings = problems.length - refusals;
  const f = findings === 1 ? "1 finding" : `${findings} findings`;
  if (refusals) {
    return `Checked: this agreement cannot be issued. ${refusals === 1 ? "1 refusal" : `${refusals} refusals`} and ${f}, listed at the top of the page.`;
  }
  return `Checked: no refusals, so this agreement may be issued. ${f}.`;
}
