// Estimate: how much? A number on a logarithmic scale; the reveal puts every team's guess and
// the true value on one axis.
import { el } from "../socket.js";
import { button, cut, num, orderedList, pointsRule, proposeLabel, unit } from "../helpers.js";
import { gettext, interpolate, ngettext } from "../i18n.js";
import { factNotes } from "../reveal.js";

// How the points were given (game/mechanics/estimate.py: by orders of magnitude).
const rule = (rv) =>
  pointsRule(rv, ({ max, ten, hundred }) =>
    interpolate(
      ngettext(
        "%(max)s point within a factor of 3 of the true value, %(ten)s within 10 times, %(hundred)s within 100 times.",
        "%(max)s points within a factor of 3 of the true value, %(ten)s within 10 times, %(hundred)s within 100 times.",
        max,
      ),
      { max, ten, hundred },
    ),
  );

const SVG = "http://www.w3.org/2000/svg";
const TICK = new Intl.NumberFormat(document.documentElement.lang || "fr", { notation: "compact" });

// Every team's guess and the true value on one logarithmic axis.
function logAxis(card, answers, teams) {
  const svgEl = (tag, attrs, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const guessed = teams.filter((t) => answers[t.id] > 0);
  const low = card.value;
  const high = card.value_max || card.value;
  const values = [low, high, ...guessed.map((t) => answers[t.id])];
  const lo = Math.floor(Math.log10(Math.min(...values)) - 0.3);
  const hi = Math.ceil(Math.log10(Math.max(...values)) + 0.3);
  const W = 700;
  const left = 40;
  const right = 640;
  const rowH = 36;
  const top = 70;
  const axisY = top + guessed.length * rowH + 10;
  const H = axisY + 60;
  const x = (v) => left + ((Math.log10(v) - lo) / (hi - lo)) * (right - left);
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "log-axis", role: "img" });
  svg.append(svgEl("title", {}, interpolate(gettext("Every team's estimate and the true value, on a logarithmic scale (%(unit)s)"), { unit: card.unit || "" })));
  svg.append(svgEl("line", { x1: left, x2: right, y1: axisY, y2: axisY, class: "axis" }));
  const step = Math.max(1, Math.ceil((hi - lo) / 6)); // labels that never run into each other
  for (let k = lo; k <= hi; k += step) {
    svg.append(svgEl("line", { x1: x(10 ** k), x2: x(10 ** k), y1: axisY - 8, y2: axisY + 8, class: "axis" }));
    svg.append(svgEl("text", { x: x(10 ** k), y: axisY + 38, class: "tick" }, TICK.format(10 ** k)));
  }
  svg.append(
    svgEl("rect", { x: x(low) - 4, width: Math.max(8, x(high) - x(low) + 8), y: top - 12, height: axisY - top + 12, class: "truth" }),
  );
  const truthLabel = `${gettext("True value:")} ${card.quantity || num(low)}`;
  const anchor = x(low) > W * 0.7 ? "end" : x(low) < W * 0.3 ? "start" : "middle";
  const shift = anchor === "start" ? 12 : anchor === "end" ? -12 : 0;
  svg.append(svgEl("text", { x: x(low) + shift, y: top - 22, class: "truth-label", "text-anchor": anchor }, truthLabel));
  guessed.forEach((t, i) => {
    const y = top + i * rowH + rowH / 2;
    const gx = x(answers[t.id]);
    svg.append(svgEl("line", { x1: left, x2: right, y1: y, y2: y, class: "row" }));
    svg.append(svgEl("circle", { cx: gx, cy: y, r: 11, class: "guess" }));
    const onLeft = gx > W / 2;
    const label = `${cut(t.name, 22)} : ${num(answers[t.id])}`;
    svg.append(svgEl("text", { x: gx + (onLeft ? -20 : 20), y: y + 9, class: "guess-label", "text-anchor": onLeft ? "end" : "start" }, label));
  });
  return svg;
}

export default {
  words: (r, choice) => `${num(choice)} ${unit(r)}`,
  truth: (r, rv) => ((rv.cards || [])[0] || {}).quantity || "",
  noteProposal: true, // the phone recalls the proposal in words (a slider's value is hard to read back)

  build(ctx, box, r) {
    const lo = Math.log10(r.choices.min);
    const hi = Math.log10(r.choices.max);
    const slider = el("input");
    Object.assign(slider, { type: "range", min: lo, max: hi, step: 0.01, id: "estimate-range" });
    slider.setAttribute("aria-label", interpolate(gettext("Estimate on a logarithmic scale, in %(unit)s"), { unit: unit(r) }));
    const field = el("input");
    Object.assign(field, { type: "number", min: r.choices.min, max: r.choices.max, step: "any", id: "estimate" });
    field.inputMode = "decimal";
    const label = el("label", gettext("Your estimate"));
    label.htmlFor = "estimate";
    const shown = el("output", "", "estimate-shown");
    shown.id = "estimate-shown";
    const go = button(gettext("Propose"), "primary propose");
    const m = box.m;
    m.draft = null;
    m.set = (value, from) => {
      if (!(value > 0)) return;
      m.draft = Math.min(r.choices.max, Math.max(r.choices.min, value));
      if (from !== slider) slider.value = Math.log10(m.draft);
      if (from !== field) field.value = m.draft;
      shown.textContent = `${num(m.draft)} ${unit(r)}`;
      slider.setAttribute("aria-valuetext", shown.textContent);
    };
    slider.addEventListener("input", () => m.set(Number(Number(10 ** slider.value).toPrecision(2)), slider));
    field.addEventListener("input", () => m.set(Number(field.value), field));
    go.addEventListener("click", () => m.draft && !go.disabled && ctx.propose(r, m.draft));
    const row = el("div", null, "row estimate-row");
    row.append(field, el("span", unit(r), "unit-label"));
    box.append(label, row, slider, shown, go);
  },
  update(ctx, box, r, answering) {
    const m = box.m;
    const mine = ctx.mine();
    if (m.draft === null) m.set(mine || 100);
    if (JSON.stringify(mine) !== JSON.stringify(m.lastMine)) {
      m.lastMine = mine; // the stored proposal changed (sent, or restored after a reload)
      if (mine !== null) m.set(mine);
    }
    for (const input of box.querySelectorAll("input")) input.disabled = !answering;
    const go = box.querySelector(".propose");
    go.disabled = !answering || JSON.stringify(mine) === JSON.stringify(m.draft);
    go.textContent = proposeLabel(ctx, m.draft);
  },
  phoneReveal(ctx, r, rv, { body, headline }, answer) {
    const c = (rv.cards || [])[0] || {};
    headline.textContent = c.quantity || "";
    body.append(...factNotes(c), rule(rv));
    if (answer === null || answer === undefined) return {};
    const low = c.value;
    const high = c.value_max || c.value;
    const factor = answer < low ? low / answer : answer > high ? answer / high : 1;
    if (factor < 1.05) return { note: gettext("spot on!") };
    const off = answer < low ? gettext("%(x)s times too low") : gettext("%(x)s times too high");
    return { note: interpolate(off, { x: num(factor) }) };
  },

  hand(r, node) {
    node.append(el("p", interpolate(gettext("How much? (in %(unit)s)"), { unit: r.card.unit || "" }), "unit-big"));
  },
  reveal(r, rv, { body, headline }, state) {
    const c = (rv.cards || [])[0] || {};
    headline.textContent = c.quantity || "";
    const notes = el("div", null, "fact-notes" + (c.caution ? " caution" : ""));
    notes.append(...factNotes(c));
    if (notes.childNodes.length) body.append(notes);
    body.append(logAxis(c, rv.answers, state.teams), rule(rv));
  },
  // pictures: the projector's drawings (../debrief.js), passed in so that a phone never loads them
  debrief(d, state, pictures) {
    const rows = (d.estimates || []).filter((e) => e.mean_off > 0).slice(0, 2);
    if (!rows.length) return null;
    const list = orderedList("d-est", rows, (e) => {
      const li = el("li");
      const truth = `${num(e.value)}${e.value_max ? "–" + num(e.value_max) : ""} ${e.unit_label || e.unit || ""}`;
      li.append(el("span", cut(e.front, 56), "what"), el("span", interpolate(gettext("true value %(truth)s; off by ×%(x)s on average"), { truth, x: num(10 ** e.mean_off) }), "muted"));
      li.append(pictures.guessAxis(e, state.teams));
      return li;
    });
    return { id: "d-est-box", title: gettext("The estimates furthest off"), body: list };
  },

  entry(ctx, r, t) {
    const form = el("form", null, "row");
    const input = el("input", null, "order");
    Object.assign(input, { type: "number", step: "any", min: r.choices.min, max: r.choices.max, required: true });
    input.setAttribute("aria-label", interpolate(gettext("Estimate of %(team)s, in %(unit)s"), { team: t.name, unit: r.card.unit || "" }));
    form.append(input, el("span", r.card.unit || ""));
    return ctx.form(form, () => ctx.send(Number(input.value)));
  },
};
