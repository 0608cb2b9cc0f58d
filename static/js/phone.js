// The phone: one round at a time (verdict, duel, estimate, timeline or solutions), the team's
// proposals live, the reveal, breaks and the final scores. Every control is a real button.
import { $, clock, connect, el, mmss, show, sourceItem, statusText } from "./socket.js";
import { button, currentPhase, flash as showFlash, same } from "./helpers.js";
import { gettext, interpolate } from "./i18n.js";
import { headline, mechanicOf, onLoaded, pointsShown, ready, words as answerWords } from "./mechanics/index.js";

const clk = clock();
let state = null;
let me = null;
let team = null;
let roundNumber = null;
let confirmed = null; // my proposal as the server stored it, for the current round
let pending = null; // my last choice, until the server acknowledges it (kept across a reload)
let pendingRound = null; // the round of `pending`
let sentOn = null; // the socket (epoch) `pending` was last sent on
let builtFor = null; // the round whose controls are in #controls

const current = () => (state && state.round) || null;
const teamOf = (id) => (state ? state.teams.find((t) => t.id === id) : null);
const words = (r, choice) => answerWords(r, choice, 48);

const flash = (text) => showFlash(text, 4000);

function gone(text) {
  socket.stop();
  $("gone-msg").textContent = text;
  for (const id of ["lobby", "card", "over", "pause"]) show($(id), false);
  show($("gone"), true);
  $("status").textContent = "";
}

function renderMe() {
  if (!me) return;
  $("me-nick").textContent = me.nickname;
  const t = teamOf(me.team);
  $("me-team").textContent = t ? t.name : gettext("no team yet");
  if (!state) return;
  $("me-score").textContent =
    state.session.scoring === "cooperative"
      ? interpolate(gettext("Room score: %(score)s"), { score: state.room_score })
      : t
        ? interpolate(gettext("Team score: %(score)s"), { score: t.score })
        : "";
}

function renderPick() {
  const lifecycle = state.session.lifecycle;
  const open = (lifecycle === "lobby" || lifecycle === "draft") && !state.round && state.teams.length > 1;
  show($("pick"), open);
  if (!open) return;
  $("pick-list").replaceChildren(
    ...state.teams.map((t) => {
      const b = button(`${t.name} (${t.size})`, "tile");
      b.setAttribute("aria-pressed", String(!!me && me.team === t.id));
      b.disabled = !socket.online(); // a team change offline would be lost
      b.addEventListener("click", () => socket.online() && socket.send({ type: "choose_team", team: t.id }));
      return b;
    }),
  );
}

function renderCountdown() {
  const r = current();
  const node = $("countdown");
  if (r) {
    if (r.status === "answering" && r.deadline) node.textContent = mmss(clk.left(r.deadline));
    else if (r.status === "paused") node.textContent = `${gettext("Paused")} ${mmss(r.remaining || 0)}`;
    else if (r.status === "closed") node.textContent = gettext("Time is up");
    else node.textContent = "";
    node.classList.toggle("urgent", r.status === "answering" && !!r.deadline && clk.left(r.deadline) <= 10);
  }
  const until = state && state.session.break_until;
  if (until) $("break-clock").textContent = mmss(clk.left(until));
}

function renderMates(r) {
  const list = $("mates");
  list.replaceChildren();
  if (!team) return;
  const live = r && team.round === r.number;
  for (const m of team.members) {
    const li = el("li");
    const name = el("span", m.nickname, "nick");
    if (me && m.id === me.id) name.append(el("span", ` (${gettext("you")})`, "muted"));
    if (m.id === team.captain) name.append(" ", el("span", gettext("captain"), "badge"));
    const has = live && m.proposal !== null && m.proposal !== undefined;
    li.append(name, el("span", has ? words(r, m.proposal) : gettext("no proposal yet"), has ? "prop" : "muted"));
    list.append(li);
  }
}

// --- a tap is never lost and never lies: pending until acknowledged, kept across a reload,
// sent again on every new socket; the last choice wins ---

const PENDING_KEY = "atelier:pending:" + $("phone-js").dataset.socket;

function keepPending() {
  try {
    if (pending === null) sessionStorage.removeItem(PENDING_KEY);
    else sessionStorage.setItem(PENDING_KEY, JSON.stringify({ round: pendingRound, choice: pending }));
  } catch {
    // storage refused (private mode): the choice still waits in memory
  }
}

function restorePending() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(PENDING_KEY) || "null");
    if (saved && typeof saved.round === "number" && saved.choice !== undefined && saved.choice !== null) {
      pending = saved.choice;
      pendingRound = saved.round;
    }
  } catch {
    pending = null;
  }
}

function dropPending() {
  pending = null;
  pendingRound = null;
  sentOn = null;
  keepPending();
}

function flush() {
  const r = current();
  if (pending === null || !r) return;
  if (r.number !== pendingRound || r.status !== "answering") {
    if (r.number !== pendingRound || r.status === "revealed" || r.status === "skipped") dropPending();
    return;
  }
  if (sentOn === socket.epoch() || !socket.online()) return;
  if (socket.send({ type: "propose", round: pendingRound, choice: pending })) sentOn = socket.epoch();
}

function propose(r, choice) {
  pending = choice;
  pendingRound = r.number;
  sentOn = null;
  keepPending();
  flush();
  render();
}

// --- the controls of each mechanic (static/js/mechanics/), built once a round, updated in place ---

const ctx = {
  propose: (r, choice) => propose(r, choice),
  mine: () => (pending !== null ? pending : confirmed),
  pending: () => pending,
};

function build(r) {
  const box = $("controls");
  box.replaceChildren();
  box.dataset.mechanic = r.mechanic;
  box.m = {}; // what this round's controls are building (an estimate, an order, picks)
  const m = mechanicOf(r);
  if (m.build) m.build(ctx, box, r);
  builtFor = r.number;
}

function update(r, answering) {
  const m = mechanicOf(r);
  if (m.update) m.update(ctx, $("controls"), r, answering);
}

// --- the reveal: the mechanic draws the answer; the team's result, points and sources here ---

function renderReveal(r, rv) {
  const body = $("reveal-body");
  const answer = rv.answers ? rv.answers[me.team] : null;
  const points = rv.points ? rv.points[me.team] || 0 : 0;
  const head = $("verdict");
  head.dataset.answer = "";
  head.textContent = "";
  body.replaceChildren();
  const m = mechanicOf(r);
  const { right = null, note = "", team: teamShown = true } = m.phoneReveal
    ? m.phoneReveal(ctx, r, rv, { body, headline: head }, answer) || {}
    : {};
  let result = teamShown ? interpolate(gettext("Your team answered: %(answer)s"), { answer: words(r, answer) }) : "";
  if (note) result += (result ? " — " : "") + note;
  if (right !== null) result += ` — ${right ? gettext("Right!") : gettext("Not this time.")}`;
  $("team-result").textContent = result;
  $("points").textContent = interpolate(gettext("Points for your team: %(points)s"), { points });
  show($("points"), pointsShown(r, rv, me.team));
  const sources = (rv.cards || []).flatMap((c) => c.sources || []);
  $("sources").replaceChildren(...sources.map(sourceItem));
}

function renderRound(r) {
  const phase = currentPhase(state);
  $("card-num").textContent = interpolate(gettext("Card %(n)s of %(total)s"), { n: r.index + 1, total: state.plan ? state.plan.total : "?" });
  $("phase-title").textContent = phase ? phase.title : "";
  const prompt = headline(r).text;
  if ($("front").textContent !== prompt) $("front").textContent = prompt;
  if (builtFor !== r.number && ready(r)) build(r); // else built when its module has arrived
  const teamLive = team && team.round === r.number;
  const settled = teamLive && team.locked;
  const answering = r.status === "answering" && !settled;
  const rv = r.status === "revealed" ? r.reveal : null;
  show($("controls"), !rv);
  if (!rv) update(r, answering);
  let note = "";
  if (r.status === "closed") note = gettext("Answers are closed: look at the big screen!");
  else if (r.status === "skipped") note = gettext("Card skipped");
  else if (confirmed !== null && !Array.isArray(confirmed) && mechanicOf(r).noteProposal) {
    note = interpolate(gettext("Your proposal: %(answer)s"), { answer: words(r, confirmed) });
  }
  if (settled && r.status !== "revealed") note = interpolate(gettext("Your team's answer is settled: %(answer)s"), { answer: words(r, team.answer) });
  $("round-note").textContent = note;
  const waiting = pending !== null && pendingRound === r.number && answering;
  // while the first socket opens, the choice is on its way; after a drop, say it waits for the network
  const sending = socket.online() || status === "connecting";
  $("pending").textContent = waiting ? sending
      ? gettext("Sending your choice…")
      : gettext("Not sent yet: no connection. Your choice is kept and will be sent when the phone is back.") : "";
  show($("pending"), waiting);
  const lockable = r.lockable !== false && !!(teamLive && me && team.captain === me.id && !team.locked);
  show($("lock"), lockable && r.status === "answering");
  $("lock").disabled = !socket.online(); // settling the team's answer offline would be lost
  show($("reveal"), !!rv);
  if (rv && me) renderReveal(r, rv);
  renderCountdown();
  renderMates(r);
}

function renderDebrief() {
  const d = state.debrief;
  show($("ranking"), !!d);
  if (!d) return;
  $("ranking").replaceChildren(
    ...(d.scoring === "cooperative"
      ? [el("li", interpolate(gettext("Room score: %(score)s"), { score: d.room_score }))]
      : d.ranking.map((row) => el("li", `${row.name} — ${row.score}`, me && row.team === me.team ? "mine" : ""))),
  );
}

function render() {
  if (!state) return;
  const lifecycle = state.session.lifecycle;
  const r = current();
  const onBreak = !!state.session.break_until && lifecycle !== "ended";
  const debrief = lifecycle === "ended" || state.session.screen === "debrief";
  const inCard = lifecycle === "playing" && !!r && !onBreak && !debrief;
  show($("pause"), onBreak);
  show($("lobby"), !inCard && !onBreak && !debrief);
  show($("card"), inCard);
  show($("over"), debrief && !onBreak);
  $("over-title").textContent = lifecycle === "ended" ? gettext("The game is over. Thank you!") : gettext("Debrief: the scores");
  $("lobby-msg").textContent = lifecycle === "draft" ? gettext("The room is not open yet.") : gettext("Waiting for the facilitator to start…");
  renderPick();
  if (inCard) renderRound(r);
  if (debrief) renderDebrief();
  renderCountdown();
  renderMe();
}

function syncMine() {
  const r = current();
  if (!r || !team || !me || team.round !== r.number) return;
  const m = team.members.find((x) => x.id === me.id);
  // `true` is a proposal the server keeps hidden (an anonymous poll): the ack said what it was
  if (m && m.proposal !== true) confirmed = m.proposal === undefined ? null : m.proposal;
  if (pending !== null && pendingRound === r.number && same(pending, confirmed)) dropPending();
}

onLoaded(render);
// The play page can be the answer to the join form (one round trip less): its address in the
// history becomes /play/CODE, so that a reload is a plain GET and never posts the form again.
const page = $("phone-js").dataset.page;
if (page && location.pathname !== page) history.replaceState(null, "", page + location.hash);

let status = "connecting";
restorePending();
const handlers = {
  state(msg) {
    clk.sync(msg.now);
    state = msg;
    const r = current();
    if (!r || r.number !== roundNumber) {
      roundNumber = r ? r.number : null;
      confirmed = null;
      builtFor = null;
      syncMine();
    }
    flush();
    render();
  },
  you(msg) {
    me = msg.player;
    syncMine();
    render();
    renderMe();
  },
  team(msg) {
    team = msg;
    syncMine();
    render();
  },
  ack(msg) {
    if (msg.of === "propose" && msg.round === roundNumber) {
      confirmed = msg.choice;
      // an older choice acknowledged while a newer one is on its way: keep waiting for that one
      if (pendingRound === msg.round && same(pending, msg.choice)) dropPending();
      render();
    }
  },
  error(msg) {
    if (msg.code === "unknown_player") return gone(gettext("This phone is no longer in the game."));
    // refused (time is up…), malformed or forbidden: said, and dropped; a server error is tried
    // again on the next socket or state
    if (msg.code === "server_error") sentOn = null;
    else dropPending();
    render();
    if (msg.message) flash(msg.message);
  },
  removed() {
    gone(gettext("The facilitator removed you from the game."));
  },
};
const socket = connect($("phone-js").dataset.socket, handlers, (now, code) => {
  if (now === "closed") return gone(code === 4001 ? gettext("This phone is no longer in the game.") : gettext("The facilitator removed you from the game."));
  status = now;
  const node = $("status");
  node.textContent = statusText(now);
  node.dataset.status = now;
  if (now === "online") flush();
  render();
});
// What the socket sends on connect is in the page too: the card is playable before the socket
// is open, and a tap made meanwhile waits (pending) until it is. The socket's own snapshot,
// as new or newer, follows.
for (const text of JSON.parse($("snapshot").textContent || "[]")) {
  const msg = JSON.parse(text);
  if (handlers[msg.type]) handlers[msg.type](msg);
}

$("lock").addEventListener("click", () => {
  const r = current();
  if (r && socket.online()) socket.send({ type: "lock", round: r.number });
});

setInterval(renderCountdown, 500);
