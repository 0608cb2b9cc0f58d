// The projector: the join code and teams filling up, then each round (the hand, its countdown,
// how many teams answered, never what), the reveal of each mechanic, breaks and the debrief.
import { $, clock, connect, el, mmss, show, sourceItem, statusText, strings } from "./socket.js";
import { currentPhase } from "./helpers.js";
import { uniqueSources } from "./reveal.js";
import * as pictures from "./debrief.js";
import { debriefSections, headline, isRight, loadAll, mechanicOf, onLoaded, pointsShown, said } from "./mechanics/index.js";

const T = strings();
const clk = clock();
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
    $("status").textContent = status === "online" ? "" : statusText(status);
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

// The cards in play, never an answer (a mechanic may draw its own: a unit, nothing).
function renderHand(r) {
  const hand = $("hand");
  hand.className = "hand-view hand-" + r.mechanic;
  if (hand.dataset.round === String(r.number)) return;
  hand.dataset.round = String(r.number);
  hand.replaceChildren();
  const m = mechanicOf(r);
  if (m.hand) return m.hand(T, r, hand);
  for (const [i, c] of r.cards.entries()) {
    const div = el("div", null, "hand-card");
    div.append(el("p", c.front));
    if (c.unit) div.append(el("p", T("in_unit", { unit: c.unit }), "muted"));
    if (c.actors && c.actors.length) div.append(el("p", c.actors.map((a) => T("actor_" + a)).join(" · "), "muted"));
    if (m.versus && i > 0) hand.append(el("p", T("versus"), "versus"));
    hand.append(div);
  }
}

function renderCard() {
  const r = state && state.round;
  if (!r) return;
  const phase = currentPhase(state);
  $("card-num").textContent = T("card", { n: r.index + 1, total: state.plan.total });
  $("phase-title").textContent = phase ? "· " + phase.title : "";
  const head = headline(T, r);
  if ($("front").textContent !== head.text) $("front").textContent = head.text;
  $("front").classList.toggle("prompt", head.prompt);
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
  const head = $("verdict");
  head.dataset.answer = "";
  head.textContent = "";
  body.replaceChildren();
  $("back").textContent = "";
  const m = mechanicOf(r);
  if (m.reveal) m.reveal(T, r, rv, { body, headline: head, back: $("back") }, state);
  const sources = uniqueSources(cards.flatMap((c) => c.sources || []));
  $("sources").replaceChildren(...sources.slice(0, 3).map(sourceItem));
  show($("results"), pointsShown(r, rv));
  $("results-body").replaceChildren(
    ...byScore(state.teams).map((t) => {
      const tr = el("tr", null, isRight(r, t.id) ? "right" : "wrong");
      const th = el("th", t.name);
      th.scope = "row";
      const points = rv.points[t.id] || 0;
      tr.append(th, el("td", said(T, r, rv.answers[t.id])), el("td", points ? "+" + points : "0"), el("td", String(t.score)));
      return tr;
    }),
  );
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
  const own = pictures.debriefPictures(d || {}, state);
  $("debrief-lists").replaceChildren(
    ...[...own.first, ...debriefSections(T, d, state, pictures), ...own.last].map(({ id, title, body }) => {
      const section = el("section");
      section.id = id;
      section.append(el("h2", title), body);
      pictures.trimToFit(section);
      return section;
    }),
  );
}

onLoaded(() => {
  $("hand").dataset.round = ""; // a hand drawn before its module arrived is drawn again
  render();
});
loadAll();
setInterval(renderCountdown, 500);
