// Solutions: pick and rank three for a scenario; the reveal shows the room's choices.
import { el } from "../socket.js";
import { cardOf, cut, pointsRule, rankWords } from "../helpers.js";
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

const chosenBy = (n) => interpolate(gettext("teams that chose it: %(n)s"), { n });

// The room's choices: one bar per solution, split by rank.
function bars(rows, teams) {
  const box = el("div", null, "bars");
  const most = Math.max(1, teams, ...rows.map((row) => row.count));
  for (const row of rows) {
    const line = el("div", null, "bar-row");
    const bar = el("div", null, "tally-bar");
    row.ranks.forEach((n, i) => {
      if (!n) return;
      const seg = el("span", String(n), "seg rank-" + (i + 1));
      seg.style.width = (100 * n) / most + "%";
      seg.title = rankWords(i);
      bar.append(seg);
    });
    const ranks = row.ranks.map((n, i) => (n ? `${rankWords(i)} ×${n}` : "")).filter(Boolean).join(", ");
    line.append(el("p", row.front, "bar-label"), bar, el("p", chosenBy(row.count) + " — " + ranks, "bar-note"));
    box.append(line);
  }
  if (!rows.length) box.append(el("p", gettext("no answer"), "muted"));
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
  // The plan's scenario first (the phase's option), then what to do.
  prompt(r) {
    const n = r.choices && r.choices.picks;
    const todo = interpolate(ngettext("Choose your best solution.", "Choose your %(n)s best solutions, best first.", n), { n });
    return [r.choices && r.choices.scenario, todo].filter(Boolean).join(" — ");
  },
  said: (r, answer) => (answer ? "✓" : gettext("no answer")),
  // Scored only with consensus points: points show only then (a team's, or any team's).
  scoredHere: (rv, team) => (team ? (rv.points[team] || 0) > 0 : Object.values(rv.points).some((p) => p > 0)),
  truth(r, rv) {
    const tally = rv.tally || {};
    const top = Object.keys(tally).sort((a, b) => tally[b].weight - tally[a].weight).filter((k) => tally[k].count);
    return top.slice(0, 3).map((k, i) => `${i + 1}. ${cut(cardOf(r, k).front, 40)}`).join(" ") || gettext("no answer");
  },

  build(ctx, box, r) {
    buildTaps(ctx, box, r, { picks: r.choices.picks, ordered: false, label: gettext("Propose") });
  },
  update: updateTaps,
  phoneReveal(ctx, r, rv, { body, headline }) {
    headline.textContent = gettext("The room's top choices");
    const list = el("ol", null, "true-order");
    for (const row of chosen(rv.cards || [], rv.tally || {}).slice(0, 3)) {
      const li = el("li");
      li.append(row.front, " ", el("span", chosenBy(row.count), "muted"));
      list.append(li);
    }
    body.append(list, rule(rv));
    return {};
  },

  reveal(r, rv, { body, headline }, state) {
    headline.textContent = gettext("The room's top choices");
    const box = bars(chosen(rv.cards || [], rv.tally || {}), state.teams.length);
    box.dataset.pages = ""; // too many for the screen: a page at a time (screen.js)
    body.append(box, rule(rv));
  },
  debrief(d, state) {
    const rows = d.solutions || [];
    if (!rows.length) return null;
    const box = bars(rows.slice(0, 3), state.teams.length);
    box.id = "d-sol";
    return { id: "d-sol-box", title: gettext("The solutions chosen most"), body: box };
  },

  entry: (ctx, r) => ctx.selects(r.choices.picks),
};
