// Verdict: is a misconception true, false, or does it depend?
import { el } from "../socket.js";
import { cut, orderedList, pointsRule } from "../helpers.js";
import { interpolate, ngettext } from "../i18n.js";
import { buildButtons, updateButtons } from "./buttons.js";

// How the points were given (game/mechanics/verdict.py: all or nothing).
const rule = (rv) =>
  pointsRule(rv, ({ max }) =>
    interpolate(ngettext("%(max)s point if the team has the right verdict.", "%(max)s points if the team has the right verdict.", max), { max }),
  );

export default {
  words: (T, r, choice) => T(choice),
  isRight: (r, rv, answer) => answer === rv.answer,
  truth: (T, r, rv) => T(rv.answer),
  handText: () => "",

  build(ctx, box, r) {
    buildButtons(ctx, box, r, r.choices.map((c) => ({ key: c, front: ctx.T(c) })));
  },
  update: updateButtons,
  phoneReveal(ctx, r, rv, { body, headline }, answer) {
    headline.textContent = ctx.T(rv.answer);
    headline.dataset.answer = rv.answer;
    body.append(el("p", rv.back || ""), rule(rv));
    return { right: answer === rv.answer };
  },

  hand() {},
  reveal(T, r, rv, { body, headline, back }) {
    headline.textContent = T(rv.answer);
    headline.dataset.answer = rv.answer;
    back.textContent = rv.back || "";
    body.append(rule(rv));
  },
  debrief(T, d) {
    const misses = d.misconceptions || [];
    if (!misses.length) return null;
    const list = orderedList("d-miss", misses, (m) => {
      const li = el("li", cut(m.front, 90));
      li.append(" ", el("span", T("wrong_of", { n: m.wrong, total: m.answered, answer: T(m.verdict) }), "muted"));
      return li;
    });
    return { id: "d-miss-box", title: T("debrief_misconceptions"), body: list };
  },

  entry: (ctx, r) => ctx.buttons(r.choices.map((c) => [c, ctx.T(c)])),
};
