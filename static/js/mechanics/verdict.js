// Verdict: is a misconception true, false, or does it depend?
import { el } from "../socket.js";
import { cut, orderedList } from "../helpers.js";
import { buildButtons, updateButtons } from "./buttons.js";

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
    body.append(el("p", rv.back || ""));
    return { right: answer === rv.answer };
  },

  hand() {},
  reveal(T, r, rv, { headline, back }) {
    headline.textContent = T(rv.answer);
    headline.dataset.answer = rv.answer;
    back.textContent = rv.back || "";
  },
  debrief(T, d, state, pictures) {
    const misses = d.misconceptions || [];
    if (!misses.length) return null;
    const list = orderedList("d-miss", misses.slice(0, 3), (m) => {
      const li = el("li");
      const words = T("wrong_of", { n: m.wrong, total: m.answered, answer: T(m.verdict) });
      li.append(el("span", cut(m.front, 64), "what"), pictures.wrongBar(m.wrong, m.answered, T(m.verdict), words));
      return li;
    });
    return { id: "d-miss-box", title: T("debrief_misconceptions"), body: list };
  },

  entry: (ctx, r) => ctx.buttons(r.choices.map((c) => [c, ctx.T(c)])),
};
