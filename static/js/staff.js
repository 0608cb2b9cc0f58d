// What the projector and the control panel share about the mechanics: answers in words,
// numbers in the page's language, the plan's phase.
import { el } from "./socket.js";

const LANG = document.documentElement.lang || "fr";
const NUM = new Intl.NumberFormat(LANG, { maximumSignificantDigits: 3 });
export const num = (x) => NUM.format(x);
export const cut = (text, n = 40) => (text && text.length > n ? text.slice(0, n - 1) + "…" : text || "");
export const cardOf = (r, key) =>
  (r.cards || []).find((c) => c.key === key) ||
  ((r.reveal && r.reveal.cards) || []).find((c) => c.key === key) || { key, front: key };
export const unit = (r) => (r.card && r.card.unit) || "";

// A team's answer in words: the verdict, the card chosen, the number, or "1. X 2. Y".
export function words(T, r, choice, n = 40) {
  if (choice === null || choice === undefined) return T("no_answer");
  if (r.mechanic === "duel") return cut(cardOf(r, choice).front, n);
  if (r.mechanic === "estimate") return `${num(choice)} ${unit(r)}`;
  if (Array.isArray(choice)) return choice.map((k, i) => `${i + 1}. ${cut(cardOf(r, k).front, n)}`).join(" ");
  return T(choice);
}

// Did this team get the round right (points for the mechanics scored by closeness)?
export function isRight(r, team) {
  const rv = r.reveal;
  const answer = rv && rv.answers[team];
  if (answer === null || answer === undefined) return false;
  if (r.mechanic === "verdict") return answer === rv.answer;
  if (r.mechanic === "duel") return rv.answer.includes(answer);
  return (rv.points[team] || 0) > 0;
}

export function currentPhase(state) {
  const p = state.plan;
  return p && p.phases && p.phase !== null && p.phase !== undefined ? p.phases[p.phase] : null;
}

export function button(text, className) {
  const b = el("button", text, className);
  b.type = "button";
  return b;
}

// A revealed fact as the staff screens show it: the quantity (in the duel's common unit, its own
// below when they differ), what is counted, how sure the figure is (a caution when debated or
// claimed by the company) and what makes it tangible. Every word comes from the server.
export function factCard(T, c, { quantity = "", higher = false, ratio = "" } = {}) {
  const div = el("div", null, "fact" + (higher ? " higher" : "") + (c.caution ? " caution" : ""));
  const shown = quantity || c.quantity || "";
  div.append(el("p", c.front, "fact-front"), el("p", shown, "quantity"));
  if (c.quantity && shown !== c.quantity) div.append(el("p", `(${c.quantity})`, "own-unit"));
  if (higher) div.append(el("p", "▲ " + T("higher") + (ratio ? " · " + ratio : ""), "badge-higher"));
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
