// The facilitator's control panel, for one hand in a noisy room: one big button that says what
// happens next (the dock, kept in view), the other commands beside it, the destructive ones
// apart and confirmed in a <dialog>; the round as the projector shows it; teams and players as
// whole names, each opening a sheet to rename, move or remove.
import { $, clock, connect, el, mmss, show, sourceItem, statusText } from "./socket.js";
import { actorWords, answeredText, button, cut, currentPhase, flash as showFlash, same } from "./helpers.js";
import { gettext, interpolate } from "./i18n.js";
import { factCard, uniqueSources } from "./reveal.js";
import { headline, isRight, loadAll, mechanicOf, onLoaded, words } from "./mechanics/index.js";

// The session's lifecycle and a round's status, in words.
const LIFECYCLE = {
  draft: gettext("Not open yet"),
  lobby: gettext("Room open"),
  playing: gettext("Playing"),
  ended: gettext("Ended"),
};
const STATUS = {
  answering: gettext("Answering"),
  paused: gettext("Paused"),
  closed: gettext("Answers closed"),
  revealed: gettext("Revealed"),
  skipped: gettext("Skipped"),
};
const lifecycleWords = (state) => LIFECYCLE[state.session.lifecycle] || state.session.lifecycle;
const clk = clock();
let state = null;
let players = [];
let progress = null;
let entered = {}; // projector-only: what this panel entered, team by team, for the current round

const socket = connect(
  $("control-js").dataset.socket,
  {
    state(msg) {
      clk.sync(msg.now);
      state = msg;
      progress = null; // a state is at least as fresh as the last progress
      if (!msg.round || entered.round !== msg.round.number) entered = { round: msg.round && msg.round.number };
      render();
    },
    roster(msg) {
      players = msg.players;
      renderRoster();
      renderTeams();
    },
    progress(msg) {
      progress = msg;
      renderRound();
    },
    error(msg) {
      flash(msg.message || msg.code);
    },
  },
  (status) => {
    $("status").textContent = statusText(status);
    $("status").dataset.status = status;
  },
);

const flash = (text) => showFlash(text, 5000);

const command = (name, args = {}) => socket.send({ type: "command", name, ...args });

function available(s) {
  const lifecycle = s.session.lifecycle;
  const r = s.round;
  const st = r ? r.status : null;
  const live = st === "answering" || st === "paused";
  return {
    open: lifecycle === "draft",
    start: lifecycle === "lobby" && !r,
    // moving on from a live round is "Skip" (confirmed): "Next card" comes once it is over
    next: lifecycle === "playing" && !!r && (st === "revealed" || st === "skipped") && s.plan.index + 1 < s.plan.total,
    reveal: live || st === "closed",
    close: live,
    extend: live,
    pause: st === "answering",
    resume: st === "paused",
    back: lifecycle === "playing" && !!r && r.index > 0,
    restart: lifecycle === "playing" && !!r,
    skip: lifecycle === "playing" && !!r && st !== "revealed" && st !== "skipped",
    lock_room: (lifecycle === "lobby" || lifecycle === "playing") && !s.session.locked,
    unlock_room: lifecycle !== "ended" && s.session.locked,
    end: lifecycle !== "ended",
    end_break: !!s.session.break_until,
    show_debrief: lifecycle !== "draft" && s.session.screen !== "debrief" && lifecycle !== "ended",
    hide_debrief: s.session.screen === "debrief" && lifecycle !== "ended",
    balance: lifecycle !== "ended",
  };
}

// The one next step: the dock's button. Open, start, reveal and next live in the dock; ending a
// break, showing the debrief and ending the session come into it when they are the next step.
function primaryOf(s, can) {
  if (can.end_break) return "end_break";
  for (const name of ["open", "start", "reveal", "next"]) if (can[name]) return name;
  const r = s.round;
  const over = !r || r.status === "revealed" || r.status === "skipped";
  if (over && can.show_debrief) return "show_debrief";
  if (over && can.end) return "end";
  return null;
}

let focusPrimary = false; // a primary button was pressed: its successor takes the focus

// A command that is the next step only at times (end_break, show_debrief, end) comes into the
// dock then, and goes back to its place (a comment left there) after; one button per command.
function placePrimary(name) {
  const slot = $("dock-slot");
  for (const b of document.querySelectorAll("[data-command]")) {
    const mine = b.dataset.command === name;
    if (mine && b.parentNode !== slot) {
      b.home = document.createComment(b.dataset.command);
      b.before(b.home);
      slot.prepend(b);
      b.classList.add("go");
      if (!b.classList.contains("danger")) b.classList.add("primary");
    } else if (!mine && b.home) {
      b.home.replaceWith(b);
      b.home = null;
      b.classList.remove("go", "primary");
    }
  }
}

function render() {
  if (!state) return;
  const can = available(state);
  const primary = primaryOf(state, can);
  placePrimary(primary);
  for (const b of document.querySelectorAll("[data-command]")) {
    const ok = !!can[b.dataset.command];
    if (b.dataset.command === "balance") b.disabled = !ok;
    else show(b, ok && (b.parentNode.id !== "dock-slot" || b.dataset.command === primary));
  }
  const go = primary && document.querySelector(`#dock-slot [data-command=${primary}]`);
  if (go && focusPrimary && (!document.activeElement || document.activeElement === document.body)) go.focus();
  focusPrimary = false;
  const note = $("dock-note");
  note.textContent = primary ? "" : lifecycleWords(state);
  show(note, !primary);
  show($("careful"), ["skip", "restart", "end"].some((name) => can[name] && name !== primary));
  $("lifecycle").textContent = lifecycleWords(state);
  $("room-lock").textContent = gettext("locked");
  show($("room-lock"), state.session.locked);
  const duration = $("duration");
  if (document.activeElement !== duration && state.round) duration.value = state.round.duration;
  show($("reports"), !!state.round);
  renderRound();
  renderClock();
  renderTeams();
  renderRoster();
}

function teamScore(t) {
  return state.session.scoring === "cooperative" ? "" : interpolate(gettext("Score: %(score)s"), { score: t.score });
}

function renderRound() {
  if (!state) return;
  const r = state.round;
  show($("round"), !!r);
  const answered = r && progress && progress.round === r.number ? progress.answered : r ? r.answered : 0;
  $("dock-card").textContent = r ? interpolate(gettext("Card %(n)s of %(total)s"), { n: r.index + 1, total: state.plan.total }) : lifecycleWords(state);
  $("round-status").textContent = r ? STATUS[r.status] || r.status : "";
  const counting = !!r && r.status !== "revealed" && r.status !== "skipped";
  $("answered").textContent = counting ? answeredText(answered, state.teams.length) : "";
  if (!r) return renderCountdown();
  const phase = currentPhase(state);
  $("card-num").textContent = interpolate(gettext("Card %(n)s of %(total)s"), { n: r.index + 1, total: state.plan.total });
  $("round-phase").textContent = phase ? "· " + phase.title : "";
  // the projector's words: the mechanic's prompt ("Put these events in order…"), else the card
  $("front").textContent = headline(r).text;
  renderHand(r);
  const m = mechanicOf(r);
  const rv = r.status === "revealed" ? r.reveal : null;
  show($("hand"), !rv); // as on the projector: the reveal replaces the hand
  show($("results"), !!rv);
  if (rv) {
    const truth = m.truth ? m.truth(r, rv) : "";
    $("verdict").textContent = truth ? interpolate(gettext("Answer: %(answer)s"), { answer: truth }) : "";
    renderFacts(r, rv);
    show($("results-body").parentNode, r.scored !== false); // an unscored poll has no team results
    $("results-body").replaceChildren(
      ...state.teams.map((t) => {
        const tr = el("tr");
        const answer = rv.answers[t.id];
        tr.append(
          el("th", t.name),
          el("td", words(r, answer), isRight(r, t.id) ? "right" : "wrong"),
          el("td", String(rv.points[t.id] || 0)),
          el("td", String(t.score)),
        );
        tr.firstChild.scope = "row";
        return tr;
      }),
    );
  }
  renderEntry(r);
  renderCountdown();
}

// The cards in play as the projector deals them (never an answer): a mechanic may draw its own
// (a unit, a scale, nothing), else each card in order, with its unit and who can act.
function renderHand(r) {
  const hand = $("hand");
  const m = mechanicOf(r);
  const key = `${r.number}:${!!m.hand}:${!!m.versus}`;
  if (hand.dataset.key === key) return;
  hand.dataset.key = key;
  hand.replaceChildren();
  if (m.hand) return m.hand(r, hand);
  const cards = r.cards || [];
  if (cards.length < 2 && !headline(r).prompt) return; // the card is the statement above
  const list = el("ol", null, "hand-list" + (m.versus ? " versus-list" : ""));
  for (const c of cards) {
    const li = el("li");
    li.append(el("span", c.front, "hand-front"));
    if (c.unit) li.append(" ", el("span", interpolate(gettext("in %(unit)s"), { unit: c.unit }), "muted"));
    if (c.actors && c.actors.length) li.append(" ", el("span", actorWords(c.actors), "muted"));
    list.append(li);
  }
  hand.append(list);
}

// The revealed facts as the room sees them: values (one unit in a duel), ratio, scope,
// provenance and caution, comparison; then the sources of every card shown.
function renderFacts(r, rv) {
  const cards = rv.cards || [];
  const facts = cards.filter((c) => c.kind === "fact");
  const duel = rv.duel || { values: {} };
  const m = mechanicOf(r);
  if (m.controlReveal) {
    $("reveal-sources").replaceChildren();
    return $("reveal-facts").replaceChildren(...m.controlReveal(r, rv, state));
  }
  $("reveal-facts").replaceChildren(
    ...facts.map((c) => {
      const higher = !!rv.duel && rv.answer.includes(c.key); // a duel's higher fact
      return factCard(c, { quantity: duel.values[c.key], higher, ratio: higher ? duel.ratio_text : "" });
    }),
  );
  const sources = cards.flatMap((c) => c.sources || []);
  $("reveal-sources").replaceChildren(...uniqueSources(sources).map(sourceItem));
}

// Projector-only mode: the facilitator types each team's answer, adapted to the mechanic.
function renderEntry(r) {
  const open = ["answering", "paused", "closed"].includes(r.status);
  show($("entry"), open);
  if (state.session.projector_only && !$("entry").dataset.opened) $("entry").open = $("entry").dataset.opened = "1";
  const list = $("entry-teams");
  const key = `${r.number}:${state.teams.map((t) => t.id).join(",")}`;
  if (!open) return;
  if (list.dataset.key !== key) {
    list.dataset.key = key;
    list.replaceChildren(...state.teams.map((t) => entryRow(r, t)));
  }
  for (const li of list.children) {
    const mine = entered[li.dataset.team];
    for (const b of li.querySelectorAll("[data-answer]")) b.setAttribute("aria-pressed", String(same(mine, b.answer)));
    li.querySelector(".entered").textContent = mine === undefined ? "" : words(r, mine, 30);
  }
}

function entryRow(r, t) {
  const li = el("li");
  li.dataset.team = t.id;
  const send = (answer) => {
    entered[t.id] = answer;
    command("enter_answer", { round: r.number, team: t.id, answer });
    renderEntry(r);
  };
  li.append(el("strong", t.name, "entry-name"));
  const m = mechanicOf(r);
  const ctx = { send, flash };
  Object.assign(ctx, {
    buttons: (options) => entryButtons(ctx, t, options),
    selects: (n) => entrySelects(ctx, r, t, n),
    form: (form, submit) => entryForm(ctx, form, submit),
  });
  const controls = m.entry ? m.entry(ctx, r, t) : el("div", null, "row entry-controls");
  const clear = button(gettext("Clear"), "small link");
  clear.setAttribute("aria-label", interpolate(gettext("Clear the answer of %(team)s"), { team: t.name }));
  clear.addEventListener("click", () => {
    delete entered[t.id];
    command("enter_answer", { round: r.number, team: t.id, answer: null });
    renderEntry(r);
  });
  controls.append(clear);
  li.append(controls, el("span", "", "entered prop"));
  return li;
}

// The building blocks of a mechanic's entry (its `entry(ctx, r, team)`), given in ctx.

// One small button per possible answer ([value, text] pairs).
function entryButtons(ctx, t, options) {
  const controls = el("div", null, "row entry-controls");
  for (const [value, text] of options) {
    const b = button(text, "small");
    b.dataset.answer = String(value);
    b.answer = value;
    b.setAttribute("aria-label", `${t.name}: ${text}`);
    b.addEventListener("click", () => ctx.send(value));
    controls.append(b);
  }
  return controls;
}

// `n` selects, one card each, in order (every card once).
function entrySelects(ctx, r, t, n) {
  const form = el("form", null, "row");
  const fields = [];
  for (let i = 0; i < n; i++) {
    const select = el("select");
    select.setAttribute("aria-label", interpolate(gettext("%(team)s, choice %(n)s"), { team: t.name, n: i + 1 }));
    select.append(el("option", `${i + 1}.`));
    select.firstChild.value = "";
    for (const c of r.cards) {
      const o = el("option", `${i + 1}. ${cut(c.front, 34)}`);
      o.value = c.key;
      select.append(o);
    }
    select.required = true;
    form.append(select);
    fields.push(select);
  }
  return entryForm(ctx, form, () => {
    const keys = fields.map((f) => f.value);
    if (new Set(keys).size !== keys.length) return ctx.flash(gettext("Each card can be chosen only once."));
    ctx.send(keys);
  });
}

// A form with its "Enter" button; submit() reads the fields and sends.
function entryForm(ctx, form, submit) {
  form.append(el("button", gettext("Enter")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  const controls = el("div", null, "row entry-controls");
  controls.append(form);
  return controls;
}

// Where the room stands against the plan, ticking from plan.started_at.
function renderClock() {
  const plan = state && state.plan;
  const started = plan && plan.started_at;
  show($("clock"), !!started && !!plan.phases && plan.phases.length > 0);
  if (!started || !plan.phases || !plan.phases.length) return;
  const index = plan.phase === null || plan.phase === undefined ? 0 : plan.phase;
  const budgets = plan.phases.map((p) => p.budget);
  const start = budgets.slice(0, index).reduce((a, b) => a + b, 0);
  const end = start + budgets[index];
  const total = budgets.reduce((a, b) => a + b, 0);
  const elapsed = state.session.lifecycle === "ended" ? plan.clock.elapsed : clk.since(started);
  const phase = plan.phases[index];
  $("clock-phase").textContent = interpolate(gettext("Phase %(n)s of %(total)s: %(title)s"), { n: index + 1, total: plan.phases.length, title: phase.title });
  $("clock-elapsed").textContent = mmss(elapsed);
  $("clock-planned").textContent = interpolate(gettext("%(elapsed)s elapsed; this phase planned to end at %(planned)s (total %(total)s)"), { elapsed: mmss(elapsed), planned: mmss(end), total: mmss(total) });
  let status = "on_time";
  let delta = 0;
  if (elapsed < start) [status, delta] = ["ahead", start - elapsed];
  else if (elapsed > end) [status, delta] = ["behind", elapsed - end];
  const node = $("clock-status");
  const CLOCK = { ahead: gettext("ahead by %(n)s min"), on_time: gettext("on time"), behind: gettext("behind by %(n)s min") };
  node.textContent = interpolate(CLOCK[status], { n: Math.max(1, Math.round(delta / 60)) });
  node.dataset.status = status;
  const list = $("clock-phases");
  const rows = plan.phases.map((p, i) => `${i === index ? "now" : i < index ? "done" : ""}|${p.title}|${p.budget}`).join("\n");
  if (list.dataset.rows === rows) return; // drawn once a phase, not every second
  list.dataset.rows = rows;
  list.replaceChildren(
    ...plan.phases.map((p, i) => {
      const li = el("li", null, i === index ? "now" : i < index ? "done" : "");
      li.append(el("span", p.title, "clock-title"), el("span", `${Math.round(p.budget / 60)} min`, "clock-budget"));
      if (i === index) li.setAttribute("aria-current", "step");
      return li;
    }),
  );
}

function renderCountdown() {
  const r = state && state.round;
  if (!r) return;
  const node = $("countdown");
  if (r.status === "answering" && r.deadline) node.textContent = mmss(clk.left(r.deadline));
  else if (r.status === "paused") node.textContent = mmss(r.remaining || 0);
  else node.textContent = "";
}

function tick() {
  renderCountdown();
  if (!state) return;
  const until = state.session.break_until;
  $("break-left").textContent = until ? interpolate(gettext("Break: %(left)s left"), { left: mmss(clk.left(until)) }) : "";
  if (state.plan && state.plan.started_at && state.session.lifecycle !== "ended") renderClock();
}

// Lists are updated row by row, keyed by id, so that a field being typed in survives updates.
function keyed(list, items, make, update) {
  const rows = new Map([...list.children].map((li) => [li.dataset.id, li]));
  const wanted = new Set(items.map((item) => item.id));
  for (const [id, li] of rows) if (!wanted.has(id)) li.remove();
  items.forEach((item, i) => {
    let li = rows.get(item.id);
    if (!li) {
      li = make(item);
      li.dataset.id = item.id;
    }
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    update(li, item);
  });
}

// A team or a player: one row, the whole name (never cut), a tap opens its sheet.
function personRow(open) {
  const li = el("li");
  const b = button("", "person");
  b.setAttribute("aria-haspopup", "dialog");
  b.append(el("span", "", "person-name"), el("span", "", "person-more"));
  b.addEventListener("click", () => open(li.dataset.id));
  li.append(b);
  return li;
}

function fillRow(li, name, more) {
  li.querySelector(".person-name").textContent = name;
  li.querySelector(".person-more").textContent = more;
}

function renderTeams() {
  if (!state) return;
  $("teams-count").textContent = `(${state.teams.length})`;
  keyed($("teams"), state.teams, () => personRow(openTeam), (li, t) => {
    const members = players.filter((p) => p.team === t.id).map((p) => p.nickname);
    const score = teamScore(t);
    fillRow(li, t.name, [interpolate(gettext("Players: %(n)s"), { n: t.size }), score].filter(Boolean).join(" · "));
    li.title = members.join(", ");
  });
  refreshSheet();
}

function renderRoster() {
  $("roster-count").textContent = `(${players.length})`;
  const teamName = (id) => ((state ? state.teams : []).find((t) => t.id === id) || { name: gettext("No team") }).name;
  const list = $("roster");
  if (!players.length) return list.replaceChildren(el("li", gettext("Nobody yet"), "muted"));
  if (list.firstChild && !list.firstChild.dataset.id) list.replaceChildren();
  keyed(list, players, () => personRow(openPlayer), (li, p) => fillRow(li, p.nickname, teamName(p.team)));
  refreshSheet();
}

// --- the sheet of one team or one player ---

let sheetOf = null; // {kind: "team" | "player", id}

function openTeam(id) {
  sheetOf = { kind: "team", id };
  openSheet();
}

function openPlayer(id) {
  sheetOf = { kind: "player", id };
  openSheet();
}

function openSheet() {
  const sheet = $("sheet");
  $("sheet-name").value = "";
  refreshSheet(true);
  if (!sheet.open) sheet.showModal();
}

function sheetSubject() {
  if (!sheetOf || !state) return null;
  return sheetOf.kind === "team" ? state.teams.find((t) => t.id === sheetOf.id) : players.find((p) => p.id === sheetOf.id);
}

// The sheet follows the room while open (a rename, a move from elsewhere); it closes if its
// team or player is gone.
function refreshSheet(fresh = false) {
  const sheet = $("sheet");
  if (!sheetOf || (!sheet.open && !fresh)) return;
  const who = sheetSubject();
  if (!who) {
    if (sheet.open) sheet.close();
    return;
  }
  const team = sheetOf.kind === "team";
  const name = team ? who.name : who.nickname;
  $("sheet-title").textContent = name;
  const members = team ? players.filter((p) => p.team === who.id).map((p) => p.nickname) : [];
  $("sheet-info").textContent = team ? [interpolate(gettext("Players: %(n)s"), { n: who.size }), members.join(", ")].filter(Boolean).join(" — ") : "";
  $("sheet-name-label").textContent = team ? gettext("Team name") : gettext("Nickname");
  const input = $("sheet-name");
  input.maxLength = team ? 30 : 24;
  if (fresh || (document.activeElement !== input && !input.dataset.dirty)) input.value = name;
  show($("sheet-move"), !team);
  if (!team) {
    const select = $("sheet-team");
    select.replaceChildren(
      ...[{ id: "", name: gettext("No team") }, ...state.teams].map((t) => {
        const o = el("option", t.name);
        o.value = t.id;
        return o;
      }),
    );
    select.value = who.team || "";
    select.setAttribute("aria-label", interpolate(gettext("Move %(name)s to"), { name }));
  }
  $("sheet-remove").textContent = interpolate(gettext("Remove %(name)s"), { name });
}

$("sheet-rename").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = $("sheet-name").value.trim();
  $("sheet-name").dataset.dirty = "";
  if (!value || !sheetOf) return;
  if (sheetOf.kind === "team") command("rename_team", { team: sheetOf.id, label: value });
  else command("rename_player", { player: sheetOf.id, nickname: value });
  $("sheet").close();
});
$("sheet-name").addEventListener("input", () => ($("sheet-name").dataset.dirty = "1"));
$("sheet-team").addEventListener("change", () => {
  const team = $("sheet-team").value;
  if (team && sheetOf) command("move_player", { player: sheetOf.id, team });
});
$("sheet-close").addEventListener("click", () => $("sheet").close());
$("sheet").addEventListener("close", () => {
  sheetOf = null;
  $("sheet-name").dataset.dirty = "";
});
$("sheet-remove").addEventListener("click", async () => {
  const who = sheetSubject();
  if (!who) return;
  const team = sheetOf.kind === "team";
  const name = team ? who.name : who.nickname;
  const id = sheetOf.id;
  if (!(await ask(interpolate(team ? gettext("Remove the team %(name)s? Its members will have no team.") : gettext("Remove %(name)s from the game?"), { name }), gettext("Remove")))) return;
  command(team ? "remove_team" : "remove_player", team ? { team: id } : { player: id });
  $("sheet").close();
});

// --- the confirmation step of a destructive action ---

// Resolves true when the facilitator confirms; Cancel, Escape or a tap outside say no.
function ask(question, confirmLabel) {
  const dialog = $("confirm");
  $("confirm-text").textContent = question;
  $("confirm-ok").textContent = confirmLabel;
  dialog.returnValue = "";
  dialog.showModal();
  $("confirm-cancel").focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
  });
}

$("confirm").addEventListener("click", (event) => {
  if (event.target === $("confirm")) $("confirm").close(); // a tap on the backdrop: no
});

const QUESTIONS = {
  skip: () => gettext("Skip this card? Its answers will not be scored."),
  restart: () => gettext("Replay this card from the start? The answers given so far will not count."),
  end: () => gettext("End the session for everyone?"),
};

document.addEventListener("click", async (event) => {
  const b = event.target.closest("button[data-command]");
  if (!b) return;
  const name = b.dataset.command;
  const primary = b.parentNode.id === "dock-slot";
  if (QUESTIONS[name] && !(await ask(QUESTIONS[name](), b.textContent.trim()))) return;
  focusPrimary = primary;
  command(name, b.dataset.seconds ? { seconds: Number(b.dataset.seconds) } : {});
});

$("add-team").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("new-team");
  if (input.value.trim()) command("add_team", { label: input.value.trim() });
  input.value = "";
});

$("set-duration").addEventListener("submit", (event) => {
  event.preventDefault();
  command("set_duration", { seconds: Number($("duration").value) });
});

$("break-form").addEventListener("submit", (event) => {
  event.preventDefault();
  command("break", { minutes: Number($("break-minutes").value) });
});

onLoaded(() => {
  $("entry-teams").dataset.key = ""; // rows built before a module arrived are built again
  render();
});
loadAll();
setInterval(tick, 1000);
