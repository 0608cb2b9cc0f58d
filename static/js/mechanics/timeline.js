// Timeline: put a hand of history cards in order, oldest first.
import { trueOrder } from "../socket.js";
import { cardOf, cut, pointsRule } from "../helpers.js";
import { gettext, interpolate, ngettext } from "../i18n.js";
import { buildTaps, updateTaps } from "./taps.js";

// How many pairs of an order are right (cards of one year either way), as
// game/mechanics/timeline.py counts them, from the years the reveal gives.
function pairsRight(rv, order) {
  const year = Object.fromEntries((rv.cards || []).map((c) => [c.key, c.year]));
  let right = 0;
  order.forEach((a, i) => order.slice(i + 1).forEach((b) => (right += year[a] <= year[b] ? 1 : 0)));
  return right;
}

// "11 paires sur 15" (long: "… dans le bon ordre").
function pairsText(rv, order, long) {
  const n = pairsRight(rv, order);
  const total = (rv.rule && rv.rule.pairs) || 0;
  const text = long
    ? ngettext("%(n)s of %(total)s pairs in the right order", "%(n)s of %(total)s pairs in the right order", n)
    : ngettext("%(n)s of %(total)s pairs", "%(n)s of %(total)s pairs", n);
  return interpolate(text, { n, total });
}

// How the points were given: the pairs put right beyond those the deal already had right.
const rule = (rv) =>
  pointsRule(rv, ({ max, pairs, dealt }) => {
    if (pairs <= dealt) {
      return interpolate(ngettext("Any order is right: %(max)s point for an answer.", "Any order is right: %(max)s points for an answer.", max), { max });
    }
    if (!dealt) return interpolate(ngettext("%(max)s point for the right order.", "%(max)s points for the right order.", max), { max });
    return interpolate(
      ngettext(
        "The cards were dealt with %(dealt)s pair already in order: points for each pair put in order beyond that, up to %(max)s.",
        "The cards were dealt with %(dealt)s pairs already in order: points for each pair put in order beyond those, up to %(max)s.",
        dealt,
      ),
      { dealt, max },
    );
  });

export default {
  prompt: () => gettext("Put these events in order, oldest first."),
  said: (r, answer) => (answer && r.reveal && r.reveal.rule && r.reveal.rule.pairs ? pairsText(r.reveal, answer, false) : answer ? "✓" : gettext("no answer")),
  truth(r, rv) {
    const byKey = Object.fromEntries((rv.cards || []).map((c) => [c.key, c]));
    return rv.answer.map((k) => `${byKey[k] ? byKey[k].year : ""} ${cut(cardOf(r, k).front, 30)}`).join(" · ");
  },

  build(ctx, box, r) {
    buildTaps(ctx, box, r, { picks: r.cards.length, ordered: true, label: gettext("Propose this order") });
  },
  update: updateTaps,
  phoneReveal(ctx, r, rv, { body, headline }, answer) {
    headline.textContent = gettext("The true order");
    body.append(trueOrder(rv.cards || [], rv.answer), rule(rv));
    return Array.isArray(answer) && rv.rule && rv.rule.pairs ? { note: pairsText(rv, answer, true) } : {};
  },

  reveal(r, rv, { body, headline }) {
    headline.textContent = gettext("The true order");
    body.append(trueOrder(rv.cards || [], rv.answer), rule(rv));
  },

  entry: (ctx, r) => ctx.selects(r.cards.length),
};
