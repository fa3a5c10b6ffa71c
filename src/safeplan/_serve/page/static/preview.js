// What each person will receive: one GOV.UK tab per copy, drawn from POST /v1/preview (the
// service renders every copy and reads it back, so no layout runs in the browser). What an
// adult's copy leaves out is listed above its content; a copy that must not be issued says
// why. Each tab has buttons to download that copy as DOCX or PDF.

import { Tabs } from "./vendor/govuk-frontend/govuk-frontend.min.js";
import { fieldId, fromJsonPath } from "./casefile.js";
import { el } from "./form.js";

const KINDS = {
  "adult-at-risk": "adult at risk",
  "person-causing-harm": "person causing harm",
  "parent-or-carer": "parent or carer",
  "safe-adult": "safe adult",
  "network-member": "network member",
};
const DETAIL_WORDS = {
  address: "address", phone: "phone number", email: "email address", school: "school",
  nursery: "nursery", gp: "GP", workplace: "workplace", other: "contact detail",
};

function who(copy) {
  if (copy.kind === "professional") return "Professional copy";
  if (copy.kind === "child") return `${copy.name} (child)`;
  return `${copy.name} (${KINDS[copy.role] || "adult"})`;
}

function blocks(list) {
  const out = [];
  let ul = null;
  for (const b of list) {
    if (b.kind !== "list") ul = null;
    const lang = b.lang || null;
    if (b.kind === "title") out.push(el("p", { class: "sp-doc-title", lang, text: b.text }));
    else if (b.kind === "heading") {
      out.push(el(b.level <= 1 ? "h4" : "h5", { class: b.level <= 1 ? "govuk-heading-m" : "govuk-heading-s", lang, text: b.text }));
    } else if (b.kind === "list") {
      if (!ul) {
        ul = el("ul", { class: "govuk-list govuk-list--bullet" });
        out.push(ul);
      }
      ul.append(el("li", { lang, text: b.text }));
    } else if (b.kind === "note") out.push(el("div", { class: "govuk-inset-text", lang, text: b.text }));
    else if (b.kind === "table") out.push(table(b));
    else if (b.text) out.push(el("p", { class: "govuk-body", lang, text: b.text }));
    if (b.pictures) {
      for (const alt of b.pictures) out.push(el("p", { class: "govuk-body-s sp-picture", text: `Picture: ${alt}` }));
    }
  }
  return out;
}

function table(b) {
  const t = el("table", { class: "govuk-table", lang: b.lang || null });
  const head = el("thead", { class: "govuk-table__head" });
  const body = el("tbody", { class: "govuk-table__body" });
  b.rows.forEach((row, i) => {
    const isHead = i < b.header_rows;
    const tr = el("tr", { class: "govuk-table__row" });
    for (const cell of row) {
      tr.append(el(isHead ? "th" : "td", { class: isHead ? "govuk-table__header" : "govuk-table__cell", scope: isHead ? "col" : null, text: cell }));
    }
    (isHead ? head : body).append(tr);
  });
  if (head.children.length) t.append(head);
  t.append(body);
  return t;
}

function leftOut(copy) {
  if (!copy.withheld.length && !copy.details_hidden.length) return null;
  const title = `What ${copy.name}'s copy leaves out`;
  const list = el("ul", { class: "govuk-list sp-withheld-list" });
  for (const w of copy.withheld) {
    const link = el("a", { class: "govuk-link", href: `#${fieldId(fromJsonPath(w.path))}`, "data-path": w.path, text: "Go to it in the form" });
    list.append(el("li", { class: "sp-withheld" },
      el("strong", { class: "govuk-tag govuk-tag--red sp-tag", text: "Withheld" }), " ",
      el("span", { class: "sp-withheld-text", text: w.text || "(no text)" }),
      el("span", { class: "sp-withheld-why" }, `Why: ${w.why}. `, link)));
  }
  for (const d of copy.details_hidden) {
    list.append(el("li", { class: "sp-withheld" },
      el("strong", { class: "govuk-tag govuk-tag--red sp-tag", text: "Hidden" }), " ",
      el("span", { class: "sp-withheld-text", text: `${d.owner}'s ${DETAIL_WORDS[d.kind] || d.kind}${d.label ? ` (${d.label})` : ""}` }),
      el("span", { class: "sp-withheld-why", text: "Why: a confidential contact detail." })));
  }
  const harmful = copy.role === "person-causing-harm";
  return el("div", { class: `sp-left-out${harmful ? " sp-left-out--harm" : ""}` },
    el("h4", { class: "govuk-heading-s", text: title }),
    el("p", { class: "govuk-body-s", text: harmful
      ? "None of this is in the copy for the person causing harm. It stays in the professional copy."
      : "None of this is in this copy. It stays in the professional copy." }),
    list);
}

const LANGUAGES = { cy: "Welsh", en: "English", ur: "Urdu" };

function inLanguages(tags) {
  const names = tags.map((t) => LANGUAGES[t.split("-")[0]] || t);
  return names.length > 1 ? `In ${names.join(" and ")}, block by block.` : `In ${names[0]}.`;
}

function panel(copy, actions) {
  const name = copy.kind === "professional" ? "The professional copy" : `${copy.name}'s copy`;
  const parts = [el("h3", { class: "govuk-heading-m", text: name })];
  if (copy.languages && copy.languages.length) {
    parts.push(el("p", { class: "govuk-body-s", text: inLanguages(copy.languages) }));
  }
  const buttons = el("div", { class: "govuk-button-group" });
  for (const format of actions.formats) {
    const button = el("button", { class: "govuk-button govuk-button--secondary", type: "button" },
      `Download ${format.toUpperCase()}`, el("span", { class: "govuk-visually-hidden", text: ` of ${name}` }));
    button.addEventListener("click", () => actions.download(copy, format, button));
    buttons.append(button);
  }
  if (copy.problems.length) {
    parts.push(el("div", { class: "govuk-warning-text" },
      el("span", { class: "govuk-warning-text__icon", "aria-hidden": "true", text: "!" }),
      el("strong", { class: "govuk-warning-text__text" },
        el("span", { class: "govuk-visually-hidden", text: "Warning" }),
        "This copy cannot be issued:"),
    ));
    const list = el("ul", { class: "govuk-list govuk-list--bullet" });
    for (const p of copy.problems) {
      list.append(el("li", {}, el("a", { class: "govuk-link", href: `#${fieldId(fromJsonPath(p.path))}`, "data-path": p.path, text: p.message })));
    }
    parts.push(list);
  } else {
    parts.push(buttons);
  }
  const gone = leftOut(copy);
  if (gone) parts.push(gone);
  if (copy.blocks.length) {
    parts.push(el("div", { class: "sp-document", role: "region", "aria-label": `What ${name} holds`, tabindex: "0" }, blocks(copy.blocks)));
  }
  return el("div", { class: "govuk-tabs__panel", id: copy.tab }, ...parts);
}

/**
 * Draw the copies as GOV.UK tabs in `slot`.
 * @param {object} preview  the body of POST /v1/preview
 * @param {{formats: string[], download: Function, go: Function}} actions
 */
export function showPreview(slot, preview, actions) {
  const tabs = el("div", { class: "govuk-tabs", "data-module": "govuk-tabs" },
    el("h3", { class: "govuk-tabs__title", text: "Copies" }));
  const list = el("ul", { class: "govuk-tabs__list" });
  tabs.append(list);
  preview.copies.forEach((copy, i) => {
    list.append(el("li", { class: `govuk-tabs__list-item${i === 0 ? " govuk-tabs__list-item--selected" : ""}` },
      el("a", { class: "govuk-tabs__tab", href: `#${copy.tab}`, text: who(copy) })));
  });
  for (const copy of preview.copies) tabs.append(panel(copy, actions));
  const notMade = preview.not_made.length
    ? el("div", { class: "govuk-inset-text" },
      el("p", { class: "govuk-body", text: "Copies asked for that will not be made:" }),
      el("ul", { class: "govuk-list govuk-list--bullet" },
        preview.not_made.map((n) => el("li", { text: `${n.name}: ${n.problem.message}` }))))
    : null;
  slot.replaceChildren(...[notMade, tabs].filter(Boolean));
  for (const link of slot.querySelectorAll("a[data-path]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      actions.go(fromJsonPath(link.dataset.path));
    });
  }
  new Tabs(tabs);
}
