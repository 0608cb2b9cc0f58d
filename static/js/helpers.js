// What every screen (phone, projector, control panel) shares: numbers in the page's language,
// cards by key, buttons, a flash message, the plan's phase. (What reveals draw: reveal.js.)
import { el } from "./socket.js";
import { gettext, interpolate, ngettext } from "./i18n.js";

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

// A list of cards chosen in order, in words: "1. X 2. Y".
export const ranked = (r, keys, n = 40) => keys.map((k, i) => `${i + 1}. ${cut(cardOf(r, k).front, n)}`).join(" ");

// The "propose" button's words: proposed, on its way, or to send (`label`).
export function proposeLabel(ctx, draft, label = gettext("Propose")) {
  if (!same(ctx.mine(), draft)) return label;
  return ctx.pending() !== null ? gettext("Not sent yet…") : gettext("Proposed ✓");
}

// How many teams have answered the round (the projector and the control panel).
export const answeredText = (n, total) =>
  interpolate(ngettext("%(n)s of %(total)s teams has answered", "%(n)s of %(total)s teams have answered", n), { n, total });

// A ranked pick's place (i from 0): "1st", "2nd", "3rd".
const RANKS = [gettext("1st"), gettext("2nd"), gettext("3rd")];
export const rankWords = (i) => RANKS[i] || String(i + 1);

// Who a solution is for (a card's `actors`), in words: "individuals · public policy".
const ACTORS = {
  individual: gettext("individuals"),
  organisation: gettext("organisations"),
  policy: gettext("public policy"),
};
export const actorWords = (actors) => actors.map((a) => ACTORS[a] || a).join(" · ");

// The reveal's line that says how the points were given (phone and projector): the mechanic's
// sentence(rule) for a round worth points (rv.rule holds its maximum and the figures it says),
// `none` for a round worth none (weight 0).
export function pointsRule(rv, sentence, none = gettext("No points in this round.")) {
  const rule = rv.rule || {};
  return el("p", rule.max ? sentence(rule) : none, "muted points-rule");
}

// An ordered list of rows, each drawn by make(row) into a <li>, with an id.
export function orderedList(id, rows, make) {
  const list = el("ol");
  list.id = id;
  list.append(...rows.map(make));
  return list;
}
