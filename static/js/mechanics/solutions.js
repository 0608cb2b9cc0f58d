// Solutions: pick and rank three for a scenario; the reveal shows the room's choices.
import { el } from "../socket.js";
import { cardOf, cut, pointsRule } from "../helpers.js";
import { gettext, interpolate, ngettext } from "../i18n.js";
import { buildTaps, updateTaps } from "./taps.js";

// How the points were given (game/mechanics/solutions.py): none, or the round's for consensus.
const rule = (rv) =>
  pointsRule(
    rv,
    ({ max }) =>
      interpolate(
        ngettext("%(max)s point for the teams closest to the room's choice.", "%(max)s points for the teams closest to the room's choice.", max),
        { max },
      ),
    gettext("No points: there is no single right answer."),
  );

// The room's choices: one bar per solution, split by rank.
function bars(T, rows, teams) {
  const box = el("div", null, "bars");
  const most = Math.max(1, teams, ...rows.map((row) => row.count));
  for (const row of rows) {
    const line = el("div", null, "bar-row");
    const bar = el("div", null, "tally-bar");
    row.ranks.forEach((n, i) => {
      if (!n) return;
      const seg = el("span", String(n), "seg rank-" + (i + 1));
      seg.style.width = (100 * n) / most + "%";
      seg.title = T("rank" + (i + 1));
      bar.append(seg);
    });
    const ranks = row.ranks.map((n, i) => (n ? `${T("rank" + (i + 1))} ×${n}` : "")).filter(Boolean).join(", ");
    line.append(el("p", row.front, "bar-label"), bar, el("p", T("chosen_by", { n: row.count }) + " — " + ranks, "bar-note"));
    box.append(line);
  }
  if (!rows.length) box.append(el("p", T("no_answer"), "muted"));
  return box;
}

// The solutions chosen at least once, the most weighted first.
function chosen(cards, tally) {
  return cards
    .filter((c) => tally[c.key] && tally[c.key].count)
    .map((c) => ({ front: c.front, ...tally[c.key] }))
    .sort((a, b) => b.weight - a.weight);
}

export default {
  prompt: (T, r) => T("solutions_prompt", { n: r.choices && r.choices.picks }),
  said: (T, r, answer) => (answer ? "✓" : T("no_answer")),
  // Scored only with consensus points: points show only then (a team's, or any team's).
  scoredHere: (rv, team) => (team ? (rv.points[team] || 0) > 0 : Object.values(rv.points).some((p) => p > 0)),
  truth(T, r, rv) {
    const tally = rv.tally || {};
    const top = Object.keys(tally).sort((a, b) => tally[b].weight - tally[a].weight).filter((k) => tally[k].count);
    return top.slice(0, 3).map((k, i) => `${i + 1}. ${cut(cardOf(r, k).front, 40)}`).join(" ") || T("no_answer");
  },

  build(ctx, box, r) {
    buildTaps(ctx, box, r, { picks: r.choices.picks, ordered: false, label: "propose" });
  },
  update: updateTaps,
  phoneReveal(ctx, r, rv, { body, headline }) {
    headline.textContent = ctx.T("room_choices");
    const list = el("ol", null, "true-order");
    for (const row of chosen(rv.cards || [], rv.tally || {}).slice(0, 3)) {
      const li = el("li");
      li.append(row.front, " ", el("span", ctx.T("chosen_by", { n: row.count }), "muted"));
      list.append(li);
    }
    body.append(list, rule(rv));
    return {};
  },

  reveal(T, r, rv, { body, headline }, state) {
    headline.textContent = T("room_choices");
    const box = bars(T, chosen(rv.cards || [], rv.tally || {}), state.teams.length);
    box.dataset.pages = ""; // too many for the screen: a page at a time (screen.js)
    body.append(box, rule(rv));
  },
  debrief(T, d, state) {
    const rows = d.solutions || [];
    if (!rows.length) return null;
    const box = bars(T, rows.slice(0, 4), state.teams.length);
    box.id = "d-sol";
    return { id: "d-sol-box", title: T("debrief_solutions"), body: box };
  },

  entry: (ctx, r) => ctx.selects(r.choices.picks),
};
