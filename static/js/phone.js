// The phone: one round at a time (verdict, duel, estimate, timeline or solutions), the team's
// proposals live, the reveal, breaks and the final scores. Every control is a real button.
import { $, clock, connect, el, mmss, show, sourceItem, strings, trueOrder } from "./socket.js";

const T = strings();
const clk = clock();
const NUM = new Intl.NumberFormat(document.documentElement.lang || "fr", { maximumSignificantDigits: 3 });
let state = null;
let me = null;
let team = null;
let roundNumber = null;
let confirmed = null; // my proposal as the server stored it, for the current round
let pending = null; // my last choice, until the server acknowledges it (kept across a reload)
let pendingRound = null; // the round of `pending`
let sentOn = null; // the socket (epoch) `pending` was last sent on
let draft = null; // the estimate, order or picks being built on this phone
let builtFor = null; // the round whose controls are in #controls

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const current = () => (state && state.round) || null;
const teamOf = (id) => (state ? state.teams.find((t) => t.id === id) : null);
const cardOf = (r, key) => (r.cards || []).find((c) => c.key === key) || { key, front: key };
const cut = (text, n = 48) => (text.length > n ? text.slice(0, n - 1) + "…" : text);
const num = (x) => NUM.format(x);
const unit = (r) => (r.card && r.card.unit) || "";
const button = (text, className) => {
  const b = el("button", text, className);
  b.type = "button";
  return b;
};

// A proposal or answer in words, whatever the mechanic.
function words(r, choice) {
  if (choice === null || choice === undefined) return T("no_answer");
  if (r.mechanic === "duel") return cardOf(r, choice).front;
  if (r.mechanic === "estimate") return `${num(choice)} ${unit(r)}`;
  if (Array.isArray(choice)) return choice.map((k, i) => `${i + 1}. ${cut(cardOf(r, k).front)}`).join(" ");
  return T(choice);
}

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
  for (const id of ["lobby", "card", "over", "pause"]) show($(id), false);
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
    else if (r.status === "paused") node.textContent = `${T("paused")} ${mmss(r.remaining || 0)}`;
    else if (r.status === "closed") node.textContent = T("closed");
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
    if (me && m.id === me.id) name.append(el("span", ` (${T("you")})`, "muted"));
    if (m.id === team.captain) name.append(" ", el("span", T("captain"), "badge"));
    const has = live && m.proposal !== null && m.proposal !== undefined;
    li.append(name, el("span", has ? words(r, m.proposal) : T("no_proposal"), has ? "prop" : "muted"));
    list.append(li);
  }
}

// --- the controls of each mechanic, built once a round, updated in place ---

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

function build(r) {
  const box = $("controls");
  box.replaceChildren();
  box.dataset.mechanic = r.mechanic;
  draft = null;
  if (r.mechanic === "verdict" || r.mechanic === "duel") {
    const group = el("div", null, "choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", T("your_proposal"));
    const options = r.mechanic === "verdict" ? r.choices.map((c) => ({ key: c, front: T(c) })) : r.cards;
    for (const option of options) {
      const b = button(option.front, "choice" + (r.mechanic === "duel" ? " duel" : ""));
      b.dataset.choice = option.key;
      if (option.unit) b.append(el("span", T("in_unit", { unit: option.unit }), "unit"));
      b.addEventListener("click", () => !b.disabled && propose(r, option.key));
      group.append(b);
    }
    box.append(group);
  } else if (r.mechanic === "estimate") {
    const lo = Math.log10(r.choices.min);
    const hi = Math.log10(r.choices.max);
    const slider = el("input");
    Object.assign(slider, { type: "range", min: lo, max: hi, step: 0.01, id: "estimate-range" });
    slider.setAttribute("aria-label", T("estimate_scale", { unit: unit(r) }));
    const field = el("input");
    Object.assign(field, { type: "number", min: r.choices.min, max: r.choices.max, step: "any", id: "estimate" });
    field.inputMode = "decimal";
    const label = el("label", T("your_estimate"));
    label.htmlFor = "estimate";
    const shown = el("output", "", "estimate-shown");
    shown.id = "estimate-shown";
    const go = button(T("propose"), "primary propose");
    const set = (value, from) => {
      if (!(value > 0)) return;
      draft = Math.min(r.choices.max, Math.max(r.choices.min, value));
      if (from !== slider) slider.value = Math.log10(draft);
      if (from !== field) field.value = draft;
      shown.textContent = `${num(draft)} ${unit(r)}`;
      slider.setAttribute("aria-valuetext", shown.textContent);
    };
    slider.addEventListener("input", () => set(Number(Number(10 ** slider.value).toPrecision(2)), slider));
    field.addEventListener("input", () => set(Number(field.value), field));
    go.addEventListener("click", () => draft && !go.disabled && propose(r, draft));
    const row = el("div", null, "row estimate-row");
    row.append(field, el("span", unit(r), "unit-label"));
    box.append(label, row, slider, shown, go);
    box.set = set;
  } else {
    // timeline and solutions: tap cards to build an order or ranked picks
    const picks = r.mechanic === "timeline" ? r.cards.length : r.choices.picks;
    const chosen = el("ol", null, "order-list");
    chosen.id = "chosen";
    const hand = el("div", null, "hand");
    hand.id = "hand";
    const go = button(T(r.mechanic === "timeline" ? "propose_order" : "propose"), "primary propose");
    go.addEventListener("click", () => draft && draft.length === picks && !go.disabled && propose(r, [...draft]));
    const head = (text) => el("h3", text, "small-head");
    if (r.mechanic === "timeline") box.append(head(T("your_order")), chosen, head(T("to_place")), hand, go);
    else box.append(hand, go);
    box.picks = picks;
  }
  builtFor = r.number;
}

function update(r, answering) {
  const box = $("controls");
  const mine = pending !== null ? pending : confirmed;
  if (r.mechanic === "verdict" || r.mechanic === "duel") {
    for (const b of box.querySelectorAll("[data-choice]")) {
      b.setAttribute("aria-pressed", String(mine === b.dataset.choice));
      b.dataset.pending = String(pending !== null && pending === b.dataset.choice);
      b.disabled = !answering;
    }
    return;
  }
  const go = box.querySelector(".propose");
  if (r.mechanic === "estimate") {
    if (draft === null) box.set(mine || 100);
    if (!same(mine, box.lastMine)) {
      box.lastMine = mine; // the stored proposal changed (sent, or restored after a reload)
      if (mine !== null) box.set(mine);
    }
    for (const input of box.querySelectorAll("input")) input.disabled = !answering;
    go.disabled = !answering || same(mine, draft);
    go.textContent = same(mine, draft) ? (pending !== null ? T("pending_short") : T("proposed")) : T("propose");
    return;
  }
  if (draft === null) draft = Array.isArray(mine) ? [...mine] : [];
  const picks = box.picks;
  const sig = JSON.stringify([draft, answering]);
  if (box.sig !== sig) {
    box.sig = sig;
    const focused = document.activeElement && document.activeElement.dataset.focus;
    const redo = () => update(r, answering);
    if (r.mechanic === "timeline") {
      $("chosen").replaceChildren(
        ...draft.map((key, i) => {
          const li = el("li");
          const front = cardOf(r, key).front;
          const back = button(`${i + 1}. ${front}`, "tile placed");
          back.setAttribute("aria-label", T("take_back", { card: `${i + 1}. ${front}` }));
          back.dataset.focus = "b" + key;
          back.addEventListener("click", () => (draft.splice(i, 1), redo()));
          const up = button("↑", "move");
          up.setAttribute("aria-label", T("move_up", { card: front }));
          up.dataset.focus = "u" + key;
          up.disabled = !answering || i === 0;
          up.addEventListener("click", () => ([draft[i - 1], draft[i]] = [draft[i], draft[i - 1]], redo()));
          const down = button("↓", "move");
          down.setAttribute("aria-label", T("move_down", { card: front }));
          down.dataset.focus = "d" + key;
          down.disabled = !answering || i === draft.length - 1;
          down.addEventListener("click", () => ([draft[i + 1], draft[i]] = [draft[i], draft[i + 1]], redo()));
          back.disabled = !answering;
          li.append(back, up, down);
          return li;
        }),
      );
    }
    const rest = r.mechanic === "timeline" ? r.cards.filter((c) => !draft.includes(c.key)) : r.cards;
    $("hand").replaceChildren(
      ...rest.map((c) => {
        const rank = draft.indexOf(c.key);
        const b = button("", "tile pick");
        b.dataset.focus = "h" + c.key;
        if (r.mechanic === "solutions") {
          b.setAttribute("aria-pressed", String(rank >= 0));
          if (rank >= 0) b.append(el("span", T("rank" + (rank + 1)), "rank"));
        }
        const text = el("span", null, "pick-text");
        text.append(el("span", c.front));
        if (c.actors && c.actors.length) {
          text.append(el("span", c.actors.map((a) => T("actor_" + a)).join(" · "), "actors"));
        }
        b.append(text);
        b.disabled = !answering || (rank < 0 && draft.length >= picks);
        b.addEventListener("click", () => {
          if (rank >= 0) draft.splice(rank, 1);
          else if (draft.length < picks) draft.push(c.key);
          redo();
        });
        return b;
      }),
    );
    if (!rest.length && r.mechanic === "timeline") $("hand").append(el("p", T("all_placed"), "muted"));
    if (focused) {
      const again = box.querySelector(`[data-focus="${focused}"]`) || go;
      if (again && !again.disabled) again.focus();
    }
  }
  show(go, draft.length === picks);
  go.disabled = !answering || same(mine, draft);
  const label = r.mechanic === "timeline" ? "propose_order" : "propose";
  go.textContent = same(mine, draft) ? (pending !== null ? T("pending_short") : T("proposed")) : T(label);
}

// --- the reveal of each mechanic ---

// A revealed fact: its quantity (the duel's common unit first), what is counted, how sure the
// figure is (a caution when debated or company-claimed), what makes it tangible.
function factBlock(c, higher, quantity, ratio) {
  const div = el("div", null, "fact" + (higher ? " higher" : "") + (c.caution ? " caution" : ""));
  const shown = quantity || c.quantity || "";
  div.append(el("p", c.front, "fact-front"), el("p", shown, "quantity"));
  if (c.quantity && shown !== c.quantity) div.append(el("p", `(${c.quantity})`, "own-unit"));
  if (higher) div.append(el("p", T("higher"), "badge"));
  if (ratio) div.append(el("p", ratio, "ratio"));
  div.append(...factNotes(c));
  return div;
}

function factNotes(c) {
  const out = [];
  if (c.scope) out.push(el("p", T("counted", { scope: c.scope }), "scope"));
  if (c.provenance) out.push(el("p", (c.caution ? "⚠ " : "") + c.provenance, "provenance" + (c.caution ? " caution" : "")));
  if (c.comparison) out.push(el("p", c.comparison, "comparison"));
  return out;
}

function renderReveal(r, rv) {
  const body = $("reveal-body");
  const answer = rv.answers ? rv.answers[me.team] : null;
  const points = rv.points ? rv.points[me.team] || 0 : 0;
  const verdict = $("verdict");
  verdict.dataset.answer = r.mechanic === "verdict" ? rv.answer : "";
  const cards = rv.cards || [];
  let right = null;
  let result = T("team_answer", { answer: words(r, answer) });
  body.replaceChildren();
  if (r.mechanic === "verdict") {
    verdict.textContent = T(rv.answer);
    right = answer === rv.answer;
    body.append(el("p", rv.back || ""));
  } else if (r.mechanic === "duel") {
    const top = cards.filter((c) => rv.answer.includes(c.key));
    verdict.textContent = T("higher_is", { card: top.map((c) => c.front).join(" = ") });
    right = rv.answer.includes(answer);
    const duel = rv.duel || { values: {} };
    const pair = el("div", null, "duel-pair");
    pair.append(
      ...cards.map((c) => {
        const higher = rv.answer.includes(c.key);
        return factBlock(c, higher, duel.values[c.key], higher ? duel.ratio_text : "");
      }),
    );
    body.append(pair);
  } else if (r.mechanic === "estimate") {
    const c = cards[0] || {};
    verdict.textContent = c.quantity || "";
    body.append(...factNotes(c));
    if (answer !== null && answer !== undefined) {
      const low = c.value;
      const high = c.value_max || c.value;
      const factor = answer < low ? low / answer : answer > high ? answer / high : 1;
      result += " — " + (factor < 1.05 ? T("spot_on") : T(answer < low ? "too_low" : "too_high", { x: num(factor) }));
    }
  } else if (r.mechanic === "timeline") {
    verdict.textContent = T("true_order");
    body.append(trueOrder(cards, rv.answer));
  } else if (r.mechanic === "solutions") {
    verdict.textContent = T("room_choices");
    const tally = rv.tally || {};
    const rows = cards.filter((c) => tally[c.key] && tally[c.key].count);
    rows.sort((a, b) => tally[b.key].weight - tally[a.key].weight);
    const list = el("ol", null, "true-order");
    for (const c of rows.slice(0, 3)) {
      const li = el("li");
      li.append(c.front, " ", el("span", T("chosen_by", { n: tally[c.key].count }), "muted"));
      list.append(li);
    }
    body.append(list);
  }
  if (right !== null) result += ` — ${right ? T("right") : T("wrong")}`;
  $("team-result").textContent = result;
  $("points").textContent = T("points", { points });
  show($("points"), r.mechanic !== "solutions" || points > 0);
  const sources = r.mechanic === "verdict" ? rv.sources || [] : cards.flatMap((c) => c.sources || []);
  $("sources").replaceChildren(...sources.map(sourceItem));
}

function renderRound(r) {
  const phase = state.plan && state.plan.phases && state.plan.phase !== null ? state.plan.phases[state.plan.phase] : null;
  $("card-num").textContent = T("card", { n: r.index + 1, total: state.plan ? state.plan.total : "?" });
  $("phase-title").textContent = phase ? phase.title : "";
  const prompt = {
    verdict: r.card.front,
    duel: T("duel_prompt"),
    estimate: r.card.front,
    timeline: T("timeline_prompt"),
    solutions: T("solutions_prompt", { n: r.choices.picks }),
  }[r.mechanic];
  if ($("front").textContent !== prompt) $("front").textContent = prompt;
  if (builtFor !== r.number) build(r);
  const teamLive = team && team.round === r.number;
  const settled = teamLive && team.locked;
  const answering = r.status === "answering" && !settled;
  const rv = r.status === "revealed" ? r.reveal : null;
  show($("controls"), !rv);
  if (!rv) update(r, answering);
  let note = "";
  if (r.status === "closed") note = T("waiting_reveal");
  else if (r.status === "skipped") note = T("skipped");
  else if (confirmed !== null && !Array.isArray(confirmed) && r.mechanic === "estimate") {
    note = T("your_proposal_is", { answer: words(r, confirmed) });
  }
  if (settled && r.status !== "revealed") note = T("locked", { answer: words(r, team.answer) });
  $("round-note").textContent = note;
  const waiting = pending !== null && pendingRound === r.number && answering;
  // while the first socket opens, the choice is on its way; after a drop, say it waits for the network
  const sending = socket.online() || status === "connecting";
  $("pending").textContent = waiting ? T(sending ? "pending_sending" : "pending_offline") : "";
  show($("pending"), waiting);
  show($("lock"), !!(teamLive && me && team.captain === me.id && !team.locked && r.status === "answering"));
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
      ? [el("li", T("room_score", { score: d.room_score }))]
      : d.ranking.map((row) => el("li", `${row.name} — ${row.score}`, me && row.team === me.team ? "mine" : ""))),
  );
}

function render() {
  if (!state) return;
  const phase = state.session.phase;
  const r = current();
  const onBreak = !!state.session.break_until && phase !== "ended";
  const debrief = phase === "ended" || state.session.screen === "debrief";
  const inCard = phase === "playing" && !!r && !onBreak && !debrief;
  show($("pause"), onBreak);
  show($("lobby"), !inCard && !onBreak && !debrief);
  show($("card"), inCard);
  show($("over"), debrief && !onBreak);
  $("over-title").textContent = phase === "ended" ? T("ended") : T("debrief");
  $("lobby-msg").textContent = phase === "draft" ? T("draft") : T("lobby");
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
  if (m) confirmed = m.proposal === undefined ? null : m.proposal;
  if (pending !== null && pendingRound === r.number && same(pending, confirmed)) dropPending();
}

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
    if (msg.code === "unknown_player") return gone(T("unknown_player"));
    // refused (time is up…), malformed or forbidden: said, and dropped; a server error is tried
    // again on the next socket or state
    if (msg.code === "server_error") sentOn = null;
    else dropPending();
    render();
    if (msg.message) flash(msg.message);
  },
  removed() {
    gone(T("removed"));
  },
};
const socket = connect($("phone-js").dataset.socket, handlers, (now, code) => {
  if (now === "closed") return gone(code === 4001 ? T("unknown_player") : T("removed"));
  status = now;
  const node = $("status");
  node.textContent = T(now);
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
