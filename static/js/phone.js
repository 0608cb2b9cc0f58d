// The phone: one card at a time, the team's proposals live, the reveal and the score.
import { $, clock, connect, el, mmss, show, sourceItem, strings } from "./socket.js";

const T = strings();
const clk = clock();
let state = null;
let me = null;
let team = null;
let roundNumber = null;
let confirmed = null; // my proposal as the server stored it, for the current round
let pending = null; // what I just tapped, until the server answers

const label = (choice) => (choice ? T(choice) : T("no_answer"));
const current = () => (state && state.round) || null;
const teamOf = (id) => (state ? state.teams.find((t) => t.id === id) : null);

function flash(text) {
  const node = $("flash");
  node.textContent = text;
  show(node, true);
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => show(node, false), 4000);
}

function gone(text) {
  socket.stop();
  $("gone-msg").textContent = text;
  for (const id of ["lobby", "card", "over"]) show($(id), false);
  show($("gone"), true);
  $("status").textContent = "";
}

function renderMe() {
  if (!me) return;
  $("me-nick").textContent = me.nickname;
  const t = teamOf(me.team);
  $("me-team").textContent = t ? t.name : T("team_none");
  if (!state) return;
  $("me-score").textContent =
    state.session.scoring === "cooperative"
      ? T("room_score", { score: state.room_score })
      : t
        ? T("score", { score: t.score })
        : "";
}

function renderPick() {
  const phase = state.session.phase;
  const open = (phase === "lobby" || phase === "draft") && !state.round && state.teams.length > 1;
  show($("pick"), open);
  if (!open) return;
  const list = $("pick-list");
  list.replaceChildren();
  for (const t of state.teams) {
    const b = el("button", `${t.name} (${t.size})`, "tile");
    b.type = "button";
    b.setAttribute("aria-pressed", String(!!me && me.team === t.id));
    b.addEventListener("click", () => socket.send({ type: "choose_team", team: t.id }));
    list.append(b);
  }
}

function renderCountdown() {
  const r = current();
  const node = $("countdown");
  if (!r) return;
  if (r.status === "answering" && r.deadline) node.textContent = mmss(clk.left(r.deadline));
  else if (r.status === "paused") node.textContent = `${T("paused")} ${mmss(r.remaining || 0)}`;
  else if (r.status === "closed") node.textContent = T("closed");
  else node.textContent = "";
  node.classList.toggle("urgent", r.status === "answering" && !!r.deadline && clk.left(r.deadline) <= 10);
}

function renderMates(r) {
  const list = $("mates");
  list.replaceChildren();
  if (!team) return;
  const live = r && team.round === r.number;
  for (const m of team.members) {
    const li = el("li");
    const name = el("span", m.nickname, "nick");
    if (me && m.id === me.id) name.append(el("span", ` (${T("you")})`, "muted"));
    if (m.id === team.captain) name.append(" ", el("span", T("captain"), "badge"));
    li.append(name, el("span", live && m.proposal ? T(m.proposal) : T("no_proposal"), live && m.proposal ? "prop" : "muted"));
    list.append(li);
  }
}

function renderRound(r) {
  $("card-num").textContent = T("card", { n: r.index + 1, total: state.plan ? state.plan.total : "?" });
  if ($("front").textContent !== r.card.front) $("front").textContent = r.card.front;
  const teamLive = team && team.round === r.number;
  const settled = teamLive && team.locked;
  const answering = r.status === "answering" && !settled;
  const mine = pending || confirmed;
  for (const b of $("choices").querySelectorAll("button")) {
    const choice = b.dataset.choice;
    show(b, !r.choices || r.choices.includes(choice));
    b.setAttribute("aria-pressed", String(mine === choice));
    b.disabled = !answering;
  }
  let note = "";
  if (r.status === "closed") note = T("waiting_reveal");
  else if (r.status === "skipped") note = T("skipped");
  if (settled && r.status !== "revealed") note = T("locked", { answer: label(team.answer) });
  $("round-note").textContent = note;
  show($("lock"), !!(teamLive && me && team.captain === me.id && !team.locked && r.status === "answering"));
  const rv = r.status === "revealed" ? r.reveal : null;
  show($("reveal"), !!rv);
  show($("choices"), !rv);
  if (rv && me) {
    const answer = rv.answers ? rv.answers[me.team] : null;
    const points = rv.points ? rv.points[me.team] || 0 : 0;
    $("verdict").textContent = label(rv.answer);
    $("verdict").dataset.answer = rv.answer;
    $("team-result").textContent = `${T("team_answer", { answer: label(answer) })} — ${answer === rv.answer ? T("right") : T("wrong")}`;
    $("points").textContent = T("points", { points });
    $("back").textContent = rv.back || "";
    $("sources").replaceChildren(...(rv.sources || []).map(sourceItem));
  }
  renderCountdown();
  renderMates(r);
}

function render() {
  if (!state) return;
  const phase = state.session.phase;
  const r = current();
  const inCard = phase === "playing" && !!r;
  show($("lobby"), !inCard && phase !== "ended");
  show($("card"), inCard);
  show($("over"), phase === "ended");
  $("lobby-msg").textContent = phase === "draft" ? T("draft") : T("lobby");
  renderPick();
  if (inCard) renderRound(r);
  renderMe();
}

function syncMine() {
  const r = current();
  if (!r || !team || !me || team.round !== r.number) return;
  const m = team.members.find((x) => x.id === me.id);
  if (m) confirmed = m.proposal;
  if (pending === confirmed) pending = null;
}

const socket = connect(
  $("phone-js").dataset.socket,
  {
    state(msg) {
      clk.sync(msg.now);
      state = msg;
      const r = current();
      if (!r || r.number !== roundNumber) {
        roundNumber = r ? r.number : null;
        confirmed = null;
        pending = null;
        syncMine();
      }
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
        pending = null;
        render();
      }
    },
    error(msg) {
      if (msg.code === "unknown_player") return gone(T("unknown_player"));
      pending = null;
      render();
      if (msg.message) flash(msg.message);
    },
    removed() {
      gone(T("removed"));
    },
  },
  (status, code) => {
    if (status === "closed") return gone(code === 4001 ? T("unknown_player") : T("removed"));
    const node = $("status");
    node.textContent = T(status);
    node.dataset.status = status;
  },
);

$("choices").addEventListener("click", (event) => {
  const b = event.target.closest("button[data-choice]");
  const r = current();
  if (!b || !r || b.disabled) return;
  pending = b.dataset.choice;
  render();
  if (!socket.send({ type: "propose", round: r.number, choice: pending })) pending = null;
});

$("lock").addEventListener("click", () => {
  const r = current();
  if (r) socket.send({ type: "lock", round: r.number });
});

setInterval(renderCountdown, 500);
