// Verdict: is a misconception true, false, or does it depend?
import { el } from "../socket.js";
import { cut, orderedList, pointsRule } from "../helpers.js";
import { gettext, interpolate, ngettext } from "../i18n.js";
import { buildButtons, updateButtons } from "./buttons.js";

// How the points were given (game/mechanics/verdict.py: all or nothing).
const rule = (rv) =>
  pointsRule(rv, ({ max }) =>
    interpolate(ngettext("%(max)s point if the team has the right verdict.", "%(max)s points if the team has the right verdict.", max), { max }),
  );

// The three verdicts' words (the choices' keys: game/mechanics/verdict.py).
const VERDICTS = {
  true: gettext("True"),
  false: gettext("False"),
  depends: gettext("It depends"),
};
const verdict = (key) => VERDICTS[key] || key;

export default {
  words: (r, choice) => verdict(choice),
  isRight: (r, rv, answer) => answer === rv.answer,
  truth: (r, rv) => verdict(rv.answer),
  handText: () => "",

  build(ctx, box, r) {
    buildButtons(ctx, box, r, r.choices.map((c) => ({ key: c, front: verdict(c) })));
  },
  update: updateButtons,
  phoneReveal(ctx, r, rv, { body, headline }, answer) {
    headline.textContent = verdict(rv.answer);
    headline.dataset.answer = rv.answer;
    body.append(el("p", rv.back || ""), rule(rv));
    return { right: answer === rv.answer };
  },

  hand() {},
  reveal(r, rv, { body, headline, back }) {
    headline.textContent = verdict(rv.answer);
    headline.dataset.answer = rv.answer;
    back.textContent = rv.back || "";
    body.append(rule(rv));
  },
  debrief(d, state, pictures) {
    const misses = d.misconceptions || [];
    if (!misses.length) return null;
    const list = orderedList("d-miss", misses.slice(0, 3), (m) => {
      const li = el("li");
      const words = interpolate(
        ngettext("%(n)s of %(total)s teams wrong (answer: %(answer)s)", "%(n)s of %(total)s teams wrong (answer: %(answer)s)", m.wrong),
        { n: m.wrong, total: m.answered, answer: verdict(m.verdict) },
      );
      li.append(el("span", cut(m.front, 64), "what"), pictures.wrongBar(m.wrong, m.answered, verdict(m.verdict), words));
      return li;
    });
    return { id: "d-miss-box", title: gettext("The misconceptions the room got most wrong"), body: list };
  },

  entry: (ctx, r) => ctx.buttons(r.choices.map((c) => [c, verdict(c)])),
};
