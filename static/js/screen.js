// The projector: the join code and teams filling up, then each round (the hand, its countdown,
// how many teams answered, never what), the reveal of each mechanic, breaks and the debrief.
import { $, clock, connect, el, mmss, show, sourceItem, strings, trueOrder } from "./socket.js";
import { cardOf, currentPhase, cut, factCard, factNotes, isRight, num, words } from "./staff.js";

const T = strings();
const clk = clock();
const SVG = "http://www.w3.org/2000/svg";
let state = null;
let players = [];
let progress = null;

connect(
  $("screen-js").dataset.socket,
  {
    state(msg) {
      clk.sync(msg.now);
      state = msg;
      progress = null; // a state is at least as fresh as the last progress
      render();
    },
    roster(msg) {
      players = msg.players;
      renderLobby();
    },
    progress(msg) {
      progress = msg;
      renderCard();
    },
  },
  (status) => {
    $("status").textContent = status === "online" ? "" : T(status);
  },
);

const byScore = (teams) => [...teams].sort((a, b) => b.score - a.score);
const onBreak = () => !!(state && state.session.break_until && state.session.phase !== "ended");

function render() {
  if (!state) return;
  const phase = state.session.phase;
  const r = state.round;
  const debrief = phase === "ended" || state.session.screen === "debrief";
  const pause = onBreak();
  show($("pause"), pause);
  show($("lobby"), !pause && !debrief && !r);
  show($("card"), !pause && !debrief && phase === "playing" && !!r);
  show($("over"), !pause && debrief);
  document.body.classList.toggle("debriefing", debrief && !pause);
  renderLobby();
  renderCard();
  if (debrief) renderDebrief();
  renderCountdown();
}

function renderLobby() {
  if (!state || state.round) return;
  $("lobby-note").textContent = state.session.phase === "draft" ? T("open_first") : "";
  const list = $("lobby-teams");
  list.replaceChildren(
    ...state.teams.map((t) => {
      const li = el("li");
      const names = players.filter((p) => p.team === t.id).map((p) => p.nickname);
      li.append(el("h2", `${t.name} (${names.length})`), el("p", names.join(" · ")));
      return li;
    }),
  );
  const loose = players.filter((p) => !p.team);
  if (loose.length) {
    const li = el("li");
    li.append(el("h2", T("unassigned")), el("p", loose.map((p) => p.nickname).join(" · ")));
    list.append(li);
  }
}

// The cards in play, never an answer.
function renderHand(r) {
  const hand = $("hand");
  hand.className = "hand-view hand-" + r.mechanic;
  if (hand.dataset.round === String(r.number)) return;
  hand.dataset.round = String(r.number);
  hand.replaceChildren();
  if (r.mechanic === "verdict") return;
  if (r.mechanic === "estimate") {
    hand.append(el("p", T("how_much", { unit: r.card.unit || "" }), "unit-big"));
    return;
  }
  for (const [i, c] of r.cards.entries()) {
    const div = el("div", null, "hand-card");
    div.append(el("p", c.front));
    if (c.unit) div.append(el("p", T("in_unit", { unit: c.unit }), "muted"));
    if (c.actors && c.actors.length) div.append(el("p", c.actors.map((a) => T("actor_" + a)).join(" · "), "muted"));
    if (r.mechanic === "duel" && i === 1) hand.append(el("p", T("versus"), "versus"));
    hand.append(div);
  }
}

function renderCard() {
  const r = state && state.round;
  if (!r) return;
  const phase = currentPhase(state);
  $("card-num").textContent = T("card", { n: r.index + 1, total: state.plan.total });
  $("phase-title").textContent = phase ? "· " + phase.title : "";
  const prompt = {
    duel: T("duel_prompt"),
    timeline: T("timeline_prompt"),
    solutions: T("solutions_prompt", { n: r.choices && r.choices.picks }),
  }[r.mechanic];
  const front = prompt || r.card.front;
  if ($("front").textContent !== front) $("front").textContent = front;
  $("front").classList.toggle("prompt", !!prompt);
  renderHand(r);
  const rv = r.status === "revealed" ? r.reveal : null;
  const answered = progress && progress.round === r.number ? progress.answered : r.answered;
  let note = T("answered", { n: answered, total: state.teams.length });
  if (r.status === "skipped") note = T("skipped");
  else if (r.status === "closed") note = `${T("closed_answers")} — ${note}`;
  $("answered").textContent = rv ? "" : note;
  show($("answered"), !rv);
  show($("hand"), !rv);
  show($("reveal"), !!rv);
  document.body.classList.toggle("revealed", !!rv);
  document.body.dataset.mechanic = r.mechanic;
  if (rv) renderReveal(r, rv);
}

function renderReveal(r, rv) {
  const cards = rv.cards || [];
  const body = $("reveal-body");
  const verdict = $("verdict");
  verdict.dataset.answer = r.mechanic === "verdict" ? rv.answer : "";
  body.replaceChildren();
  $("back").textContent = "";
  if (r.mechanic === "verdict") {
    verdict.textContent = T(rv.answer);
    $("back").textContent = rv.back || "";
  } else if (r.mechanic === "duel") {
    verdict.textContent = "";
    const duel = rv.duel || { values: {} };
    const pair = el("div", null, "duel-pair");
    for (const c of cards) {
      const higher = rv.answer.includes(c.key);
      pair.append(factCard(T, c, { quantity: duel.values[c.key], higher, ratio: higher ? duel.ratio_text : "" }));
    }
    body.append(pair);
  } else if (r.mechanic === "estimate") {
    const c = cards[0] || {};
    verdict.textContent = c.quantity || "";
    const notes = el("div", null, "fact-notes" + (c.caution ? " caution" : ""));
    notes.append(...factNotes(T, c));
    if (notes.childNodes.length) body.append(notes);
    body.append(logAxis(c, rv.answers));
  } else if (r.mechanic === "timeline") {
    verdict.textContent = T("true_order");
    body.append(trueOrder(cards, rv.answer));
  } else if (r.mechanic === "solutions") {
    verdict.textContent = T("room_choices");
    const tally = rv.tally || {};
    const rows = cards
      .filter((c) => tally[c.key] && tally[c.key].count)
      .map((c) => ({ front: c.front, ...tally[c.key] }))
      .sort((a, b) => b.weight - a.weight);
    body.append(bars(rows, state.teams.length));
  }
  const sources = r.mechanic === "verdict" ? rv.sources || [] : cards.flatMap((c) => c.sources || []);
  const unique = [...new Map(sources.map((x) => [x.url || x.title, x])).values()];
  $("sources").replaceChildren(...unique.slice(0, 3).map(sourceItem));
  const scored = r.mechanic !== "solutions" || Object.values(rv.points).some((p) => p > 0);
  show($("results"), scored);
  $("results-body").replaceChildren(
    ...byScore(state.teams).map((t) => {
      const answer = rv.answers[t.id];
      const tr = el("tr", null, isRight(r, t.id) ? "right" : "wrong");
      const th = el("th", t.name);
      th.scope = "row";
      const points = rv.points[t.id] || 0;
      const said = ["timeline", "solutions"].includes(r.mechanic) ? (answer ? "✓" : T("no_answer")) : words(T, r, answer, 28);
      tr.append(th, el("td", said), el("td", points ? "+" + points : "0"), el("td", String(t.score)));
      return tr;
    }),
  );
}

// Every team's guess and the true value on one logarithmic axis.
function logAxis(card, answers) {
  const svgEl = (tag, attrs, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const teams = state.teams.filter((t) => answers[t.id] > 0);
  const low = card.value;
  const high = card.value_max || card.value;
  const values = [low, high, ...teams.map((t) => answers[t.id])];
  const lo = Math.floor(Math.log10(Math.min(...values)) - 0.3);
  const hi = Math.ceil(Math.log10(Math.max(...values)) + 0.3);
  const W = 700;
  const left = 40;
  const right = 640;
  const rowH = 50;
  const top = 70;
  const axisY = top + teams.length * rowH + 10;
  const H = axisY + 60;
  const x = (v) => left + ((Math.log10(v) - lo) / (hi - lo)) * (right - left);
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "log-axis", role: "img" });
  svg.append(svgEl("title", {}, T("axis_title", { unit: card.unit || "" })));
  svg.append(svgEl("line", { x1: left, x2: right, y1: axisY, y2: axisY, class: "axis" }));
  const step = hi - lo > 10 ? 2 : 1;
  for (let k = lo; k <= hi; k += step) {
    svg.append(svgEl("line", { x1: x(10 ** k), x2: x(10 ** k), y1: axisY - 8, y2: axisY + 8, class: "axis" }));
    svg.append(svgEl("text", { x: x(10 ** k), y: axisY + 38, class: "tick" }, num(10 ** k)));
  }
  svg.append(
    svgEl("rect", { x: x(low) - 4, width: Math.max(8, x(high) - x(low) + 8), y: top - 40, height: axisY - top + 40, class: "truth" }),
  );
  const truthLabel = `${T("true_value")} ${card.quantity || num(low)}`;
  const anchor = x(low) > W * 0.7 ? "end" : x(low) < W * 0.3 ? "start" : "middle";
  const shift = anchor === "start" ? 12 : anchor === "end" ? -12 : 0;
  svg.append(svgEl("text", { x: x(low) + shift, y: top - 14, class: "truth-label", "text-anchor": anchor }, truthLabel));
  teams.forEach((t, i) => {
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

function renderCountdown() {
  if (!state) return;
  if (onBreak()) $("break-clock").textContent = mmss(clk.left(state.session.break_until));
  const r = state.round;
  if (!r) return;
  const node = $("countdown");
  if (r.status === "answering" && r.deadline) node.textContent = mmss(clk.left(r.deadline));
  else if (r.status === "paused") node.textContent = `${T("paused")} ${mmss(r.remaining || 0)}`;
  else node.textContent = "";
  node.classList.toggle("urgent", r.status === "answering" && !!r.deadline && clk.left(r.deadline) <= 10);
}

function renderDebrief() {
  const d = state.debrief;
  $("over-title").textContent = state.session.phase === "ended" ? T("final") : T("debrief");
  const coop = state.session.scoring === "cooperative";
  $("room-score").textContent = coop ? T("room_score", { score: state.room_score }) : "";
  show($("final"), !coop);
  $("final-body").replaceChildren(
    ...byScore(state.teams).map((t) => {
      const tr = el("tr");
      const th = el("th", t.name);
      th.scope = "row";
      tr.append(th, el("td", String(t.score)));
      return tr;
    }),
  );
  const misses = (d && d.misconceptions) || [];
  show($("d-miss-box"), misses.length > 0);
  $("d-miss").replaceChildren(
    ...misses.map((m) => {
      const li = el("li", cut(m.front, 90));
      li.append(" ", el("span", T("wrong_of", { n: m.wrong, total: m.answered, answer: T(m.verdict) }), "muted"));
      return li;
    }),
  );
  const estimates = ((d && d.estimates) || []).filter((e) => e.mean_off > 0).slice(0, 3);
  show($("d-est-box"), estimates.length > 0);
  $("d-est").replaceChildren(
    ...estimates.map((e) => {
      const li = el("li", cut(e.front, 70));
      const truth = `${num(e.value)}${e.value_max ? "–" + num(e.value_max) : ""} ${e.unit_label || e.unit || ""}`;
      li.append(" ", el("span", T("off_by", { truth, x: num(10 ** e.mean_off) }), "muted"));
      return li;
    }),
  );
  const solutions = (d && d.solutions) || [];
  show($("d-sol-box"), solutions.length > 0);
  $("d-sol").replaceChildren(bars(solutions.slice(0, 4), state.teams.length));
}

setInterval(renderCountdown, 500);
