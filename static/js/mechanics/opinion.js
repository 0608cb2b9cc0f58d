// Opinion shift: one statement, an agree–disagree scale of five steps, polled at the start and
// again at the end. Anonymous and unscored: the screens show how the room is spread, and the
// closing poll how it moved since the opening one (rv.opinion.before).
import { el } from "../socket.js";
import { num } from "../helpers.js";
import { gettext, interpolate } from "../i18n.js";
import { buildButtons, updateButtons } from "./buttons.js";

const PCT = new Intl.NumberFormat(document.documentElement.lang || "fr", { style: "percent" });
const share = (poll, i) => (poll && poll.votes ? poll.counts[i] / poll.votes : 0);
const steps = (r) => (r.choices && r.choices.scale) || [1, 2, 3, 4, 5];

// The scale's five steps (game/mechanics/opinion.py WORDS), strongly disagree .. strongly agree.
const STEPS = {
  1: gettext("Strongly disagree"),
  2: gettext("Rather disagree"),
  3: gettext("Neither agree nor disagree"),
  4: gettext("Rather agree"),
  5: gettext("Strongly agree"),
};
const stepWords = (step) => STEPS[step] || String(step);

function meanLine(before, now) {
  if (!now || now.mean === null) return "";
  if (before && before.mean !== null) {
    return interpolate(gettext("Average agreement: %(before)s → %(now)s (1 to 5)"), { before: num(before.mean), now: num(now.mean) });
  }
  return interpolate(gettext("Average agreement: %(now)s (1 to 5)"), { now: num(now.mean) });
}

const votes = (o) => interpolate(gettext("Answers: %(n)s (anonymous)"), { n: o.now ? o.now.votes : 0 });

// Disagree (red) to agree (green), the middle grey. The chart's few styles are set here
// (CSSOM, allowed by the Content-Security-Policy) so that the mechanic stays one module.
const COLOURS = ["#b3261e", "#e8897f", "#9e9e9e", "#7cb87a", "#1e6b2e"];
const DARK_TEXT = [false, true, true, true, false];

// The room as one bar cut into the five steps (a Likert chart): before (when there was an
// opening poll) above now, each step's share written in it, a legend of the steps below.
function chart(scale, before, now, big) {
  const box = el("div", null, "opinion");
  Object.assign(box.style, { display: "grid", gap: big ? "1.4vh" : ".5rem", margin: big ? "1vh 0" : ".5rem 0" });
  const bar = (label, poll) => {
    const row = el("div", null, "bar-row");
    Object.assign(row.style, { display: "grid", gridTemplateColumns: big ? "12vw 1fr" : "6.5rem 1fr", alignItems: "center", gap: ".6rem" });
    const line = el("div", null, "opinion-bar");
    Object.assign(line.style, { display: "flex", height: big ? "7vh" : "2.4rem", borderRadius: "6px", overflow: "hidden", background: "#eee" });
    scale.forEach((step, i) => {
      const part = share(poll, i);
      if (!part) return;
      const seg = el("span", part >= 0.08 ? PCT.format(part) : "");
      seg.title = `${stepWords(step)} — ${PCT.format(part)}`;
      Object.assign(seg.style, {
        width: 100 * part + "%",
        background: COLOURS[i],
        color: DARK_TEXT[i] ? "#111" : "#fff",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        fontWeight: "800",
        fontSize: big ? "2.8vh" : ".95rem",
      });
      line.append(seg);
    });
    const name = el("strong", label);
    if (big) name.style.fontSize = "3vh";
    row.append(name, line);
    return row;
  };
  if (before) box.append(bar(gettext("Before"), before));
  box.append(bar(before ? gettext("After") : gettext("The room"), now));
  const legend = el("p", null, "opinion-legend muted");
  Object.assign(legend.style, { display: "flex", flexWrap: "wrap", gap: ".3rem 1.2rem", margin: "0", fontSize: big ? "2.4vh" : ".85rem" });
  scale.forEach((step, i) => {
    const key = el("span");
    const swatch = el("span", "■ ");
    swatch.style.color = COLOURS[i];
    key.append(swatch, stepWords(step));
    legend.append(key);
  });
  box.append(legend);
  return box;
}

export default {
  front: (r) => (r.choices && r.choices.statement) || "",
  words: (r, choice) => (typeof choice === "number" ? stepWords(choice) : gettext("answered")),
  truth: (r, rv) => meanLine(rv.opinion && rv.opinion.before, rv.opinion && rv.opinion.now),
  handText: () => "",

  build(ctx, box, r) {
    buildButtons(ctx, box, r, steps(r).map((step) => ({ key: step, front: stepWords(step) })), "choice scale");
    box.append(el("p", gettext("Anonymous: nobody sees your answer, only how the room is spread."), "muted"));
  },
  update: updateButtons,
  phoneReveal(ctx, r, rv, { body, headline }) {
    const o = rv.opinion || {};
    headline.textContent = gettext("How the room stands");
    body.append(chart(steps(r), o.before, o.now, false), el("p", meanLine(o.before, o.now)));
    return { team: false };
  },

  hand(r, node) {
    node.append(el("p", steps(r).map(stepWords).join(" · "), "muted"));
  },
  reveal(r, rv, { body, headline }) {
    const o = rv.opinion || {};
    headline.textContent = gettext("How the room stands");
    body.append(chart(steps(r), o.before, o.now, true));
    body.append(el("p", [meanLine(o.before, o.now), votes(o)].join(" — "), "bar-note"));
  },
  controlReveal(r, rv) {
    const o = rv.opinion || {};
    return [chart(steps(r), o.before, o.now, false), el("p", votes(o), "muted")];
  },
  debrief(d) {
    const rows = (d.opinions || []).filter((row) => row.after && row.after.votes);
    if (!rows.length) return null;
    const box = el("div");
    box.id = "d-opinion";
    for (const row of rows) {
      const scale = row.after.counts.map((_, i) => i + 1);
      box.append(el("p", row.statement, "bar-label"), chart(scale, row.before, row.after, true));
      box.append(el("p", meanLine(row.before, row.after), "bar-note"));
    }
    return { id: "d-opinion-box", title: gettext("How the room moved"), body: box };
  },

  entry: (ctx) => ctx.buttons([1, 2, 3, 4, 5].map((step) => [step, stepWords(step)])),
};
