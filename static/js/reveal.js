// What reveals and the debrief draw, on the staff screens and in the phone's fact rounds: a
// revealed fact, the sources each once, an ordered list. (Kept apart from helpers.js so that a
// phone loads it only for a round that shows facts.)
import { el } from "./socket.js";
import { gettext, interpolate } from "./i18n.js";

// A revealed fact: the quantity (in the duel's common unit, its own below when they differ),
// what is counted, how sure the figure is (a caution when debated or claimed by the company)
// and what makes it tangible. Every word comes from the server. A phone shows "higher" as a
// small badge with the ratio below; the staff screens as one bold line.
export function factCard(c, { quantity = "", higher = false, ratio = "", phone = false } = {}) {
  const div = el("div", null, "fact" + (higher ? " higher" : "") + (c.caution ? " caution" : ""));
  const shown = quantity || c.quantity || "";
  div.append(el("p", c.front, "fact-front"), el("p", shown, "quantity"));
  if (c.quantity && shown !== c.quantity) div.append(el("p", `(${c.quantity})`, "own-unit"));
  if (higher && phone) div.append(el("p", gettext("higher"), "badge"));
  if (ratio && phone) div.append(el("p", ratio, "ratio"));
  if (higher && !phone) div.append(el("p", "▲ " + gettext("higher") + (ratio ? " · " + ratio : ""), "badge-higher"));
  factNotes(c).forEach((p) => div.append(p));
  return div;
}

// The lines under a fact's quantity: scope, provenance (with its caution), comparison.
export function factNotes(c) {
  const out = [];
  if (c.scope) out.push(el("p", interpolate(gettext("Counted: %(scope)s"), { scope: c.scope }), "scope"));
  if (c.provenance) out.push(el("p", (c.caution ? "⚠ " : "") + c.provenance, "provenance" + (c.caution ? " caution" : "")));
  if (c.comparison) out.push(el("p", c.comparison, "comparison"));
  return out;
}

// The sources of a reveal, each once.
export function uniqueSources(sources) {
  return [...new Map(sources.map((x) => [x.url || x.title, x])).values()];
}
