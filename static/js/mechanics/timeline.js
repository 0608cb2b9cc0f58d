// Timeline: put a hand of history cards in order, oldest first.
import { trueOrder } from "../socket.js";
import { cardOf, cut } from "../helpers.js";
import { buildTaps, updateTaps } from "./taps.js";

export default {
  prompt: (T) => T("timeline_prompt"),
  said: (T, r, answer) => (answer ? "✓" : T("no_answer")),
  truth(T, r, rv) {
    const byKey = Object.fromEntries((rv.cards || []).map((c) => [c.key, c]));
    return rv.answer.map((k) => `${byKey[k] ? byKey[k].year : ""} ${cut(cardOf(r, k).front, 30)}`).join(" · ");
  },

  build(ctx, box, r) {
    buildTaps(ctx, box, r, { picks: r.cards.length, ordered: true, label: "propose_order" });
  },
  update: updateTaps,
  phoneReveal(ctx, r, rv, { body, headline }) {
    headline.textContent = ctx.T("true_order");
    body.append(trueOrder(rv.cards || [], rv.answer));
    return {};
  },

  reveal(T, r, rv, { body, headline }) {
    headline.textContent = T("true_order");
    body.append(trueOrder(rv.cards || [], rv.answer));
  },

  entry: (ctx, r) => ctx.selects(r.cards.length),
};
