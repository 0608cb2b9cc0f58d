// What every screen (phone, projector, control panel) shares: numbers in the page's language,
// cards by key, buttons, a revealed fact, the plan's phase, an answer in words.
import { el } from "./socket.js";

const LANG = document.documentElement.lang || "fr";
const NUM = new Intl.NumberFormat(LANG, { maximumSignificantDigits: 3 });
export const num = (x) => NUM.format(x);
export const cut = (text, n = 40) => (text && text.length > n ? text.slice(0, n - 1) + "…" : text || "");
export const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
export const cardOf = (r, key) =>
  (r.cards || []).find((c) => c.key === key) ||
  ((r.reveal && r.reveal.cards) || []).find((c) => c.key === key) || { key, front: key };
export const unit = (r) => (r.card && r.card.unit) || "";

export function currentPhase(state) {
  const p = state.plan;
  return p && p.phases && p.phase !== null && p.phase !== undefined ? p.phases[p.phase] : null;
}

export function button(text, className) {
  const b = el("button", text, className);
  b.type = "button";
  return b;
}

// A message shown for a few seconds in the page's #flash.
export function flash(text, ms = 4000) {
  const node = document.getElementById("flash");
  node.textContent = text;
  node.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => (node.hidden = true), ms);
}

// An ordered list of rows, each drawn by make(row) into a <li>, with an id.
export function orderedList(id, rows, make) {
  const list = el("ol");
  list.id = id;
  list.append(...rows.map(make));
  return list;
}

// A list of cards chosen in order, in words: "1. X 2. Y".
export const ranked = (r, keys, n = 40) => keys.map((k, i) => `${i + 1}. ${cut(cardOf(r, k).front, n)}`).join(" ");

// The sources of a reveal, each once.
export function uniqueSources(sources) {
  return [...new Map(sources.map((x) => [x.url || x.title, x])).values()];
}

// A revealed fact: the quantity (in the duel's common unit, its own below when they differ),
// what is counted, how sure the figure is (a caution when debated or claimed by the company)
// and what makes it tangible. Every word comes from the server. A phone shows "higher" as a
// small badge with the ratio below; the staff screens as one bold line.
export function factCard(T, c, { quantity = "", higher = false, ratio = "", phone = false } = {}) {
  const div = el("div", null, "fact" + (higher ? " higher" : "") + (c.caution ? " caution" : ""));
  const shown = quantity || c.quantity || "";
  div.append(el("p", c.front, "fact-front"), el("p", shown, "quantity"));
  if (c.quantity && shown !== c.quantity) div.append(el("p", `(${c.quantity})`, "own-unit"));
  if (higher && phone) div.append(el("p", T("higher"), "badge"));
  if (ratio && phone) div.append(el("p", ratio, "ratio"));
  if (higher && !phone) div.append(el("p", "▲ " + T("higher") + (ratio ? " · " + ratio : ""), "badge-higher"));
  factNotes(T, c).forEach((p) => div.append(p));
  return div;
}

// The lines under a fact's quantity: scope, provenance (with its caution), comparison.
export function factNotes(T, c) {
  const out = [];
  if (c.scope) out.push(el("p", T("counted", { scope: c.scope }), "scope"));
  if (c.provenance) out.push(el("p", (c.caution ? "⚠ " : "") + c.provenance, "provenance" + (c.caution ? " caution" : "")));
  if (c.comparison) out.push(el("p", c.comparison, "comparison"));
  return out;
}
