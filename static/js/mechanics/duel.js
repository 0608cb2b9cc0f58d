// Duel: which of two facts is higher? The reveal shows both in one unit, with the ratio.
import { el } from "../socket.js";
import { cardOf, cut, pointsRule } from "../helpers.js";
import { gettext, interpolate, ngettext } from "../i18n.js";
import { factCard } from "../reveal.js";
import { buildButtons, updateButtons } from "./buttons.js";

// How the points were given (game/mechanics/duel.py: all or nothing).
const rule = (rv) =>
  pointsRule(rv, ({ max }) =>
    interpolate(ngettext("%(max)s point if the team picks the higher one.", "%(max)s points if the team picks the higher one.", max), { max }),
  );

function pair(cards, rv, phone) {
  const duel = rv.duel || { values: {} };
  const box = el("div", null, "duel-pair");
  for (const c of cards) {
    const higher = rv.answer.includes(c.key);
    box.append(factCard(c, { quantity: duel.values[c.key], higher, ratio: higher ? duel.ratio_text : "", phone }));
  }
  return box;
}

export default {
  prompt: () => gettext("Which one is higher?"),
  words: (r, choice, n) => cut(cardOf(r, choice).front, n),
  // the projector's table: the chosen card by its quantity, as the reveal shows it above
  said(r, answer) {
    if (answer === null || answer === undefined) return gettext("no answer");
    const values = (r.reveal && r.reveal.duel && r.reveal.duel.values) || {};
    return values[answer] || cardOf(r, answer).quantity || cut(cardOf(r, answer).front, 20);
  },
  isRight: (r, rv, answer) => rv.answer.includes(answer),
  truth: (r, rv) =>
    (rv.cards || []).filter((c) => rv.answer.includes(c.key)).map((c) => cut(c.front, 60)).join(" = "),

  build(ctx, box, r) {
    buildButtons(ctx, box, r, r.cards, "choice duel");
  },
  update: updateButtons,
  phoneReveal(ctx, r, rv, { body, headline }, answer) {
    const cards = rv.cards || [];
    const top = cards.filter((c) => rv.answer.includes(c.key));
    headline.textContent = interpolate(gettext("Higher: %(card)s"), { card: top.map((c) => c.front).join(" = ") });
    body.append(pair(cards, rv, true), rule(rv));
    return { right: rv.answer.includes(answer) };
  },

  reveal(r, rv, { body, headline }) {
    headline.textContent = "";
    body.append(pair(rv.cards || [], rv, false), rule(rv));
  },
  versus: () => gettext("or"),

  entry: (ctx, r) => ctx.buttons(r.cards.map((c) => [c.key, cut(c.front, 40)])),
};
