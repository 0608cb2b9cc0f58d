// The projector: the join code and teams filling up, then each card, its countdown,
// how many teams answered (never what), the reveal and the scores.
import { $, clock, connect, el, mmss, show, sourceItem, strings } from "./socket.js";

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
      if (progress && (!msg.round || progress.round !== msg.round.number)) progress = null;
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

const label = (choice) => (choice ? T(choice) : T("no_answer"));
const byScore = (teams) => [...teams].sort((a, b) => b.score - a.score);

function render() {
  if (!state) return;
  const phase = state.session.phase;
  const r = state.round;
  show($("lobby"), phase !== "ended" && !r);
  show($("card"), phase === "playing" && !!r);
  show($("over"), phase === "ended");
  renderLobby();
  renderCard();
  if (phase === "ended") renderFinal();
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

function renderCard() {
  const r = state && state.round;
  if (!r) return;
  $("card-num").textContent = T("card", { n: r.index + 1, total: state.plan.total });
  if ($("front").textContent !== r.card.front) $("front").textContent = r.card.front;
  const rv = r.status === "revealed" ? r.reveal : null;
  const answered = progress && progress.round === r.number ? progress.answered : r.answered;
  let note = T("answered", { n: answered, total: state.teams.length });
  if (r.status === "skipped") note = T("skipped");
  else if (r.status === "closed") note = `${T("closed_answers")} — ${note}`;
  $("answered").textContent = rv ? "" : note;
  show($("answered"), !rv);
  show($("reveal"), !!rv);
  document.body.classList.toggle("revealed", !!rv);
  if (rv) {
    $("verdict").textContent = label(rv.answer);
    $("verdict").dataset.answer = rv.answer;
    $("back").textContent = rv.back || "";
    $("sources").replaceChildren(...(rv.sources || []).map(sourceItem));
    $("results-body").replaceChildren(
      ...byScore(state.teams).map((t) => {
        const answer = rv.answers[t.id] || null;
        const tr = el("tr", null, answer === rv.answer ? "right" : "wrong");
        const th = el("th", t.name);
        th.scope = "row";
        const points = rv.points[t.id] || 0;
        tr.append(th, el("td", label(answer)), el("td", points ? "+" + points : "0"), el("td", String(t.score)));
        return tr;
      }),
    );
  }
  renderCountdown();
}

function renderCountdown() {
  const r = state && state.round;
  if (!r) return;
  const node = $("countdown");
  if (r.status === "answering" && r.deadline) node.textContent = mmss(clk.left(r.deadline));
  else if (r.status === "paused") node.textContent = `${T("paused")} ${mmss(r.remaining || 0)}`;
  else node.textContent = "";
  node.classList.toggle("urgent", r.status === "answering" && !!r.deadline && clk.left(r.deadline) <= 10);
}

function renderFinal() {
  $("room-score").textContent =
    state.session.scoring === "cooperative" ? T("room_score", { score: state.room_score }) : "";
  $("final-body").replaceChildren(
    ...byScore(state.teams).map((t) => {
      const tr = el("tr");
      const th = el("th", t.name);
      th.scope = "row";
      tr.append(th, el("td", String(t.score)));
      return tr;
    }),
  );
}

setInterval(renderCountdown, 500);
