// The facilitator's control panel: one button per command, teams and players editable inline.
import { $, clock, connect, el, mmss, show, sourceItem, statusText, strings } from "./socket.js";
import { button, cut, flash as showFlash, same } from "./helpers.js";
import { factCard, uniqueSources } from "./reveal.js";
import { headline, isRight, loadAll, mechanicOf, onLoaded, words } from "./mechanics/index.js";

const T = strings();
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
    next: lifecycle === "playing" && !!r && s.plan.index + 1 < s.plan.total,
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

function render() {
  if (!state) return;
  const can = available(state);
  for (const b of document.querySelectorAll("[data-command]")) {
    const ok = !!can[b.dataset.command];
    if (b.dataset.command === "balance") b.disabled = !ok;
    else show(b, ok);
  }
  $("lifecycle").textContent = T("lifecycle_" + state.session.lifecycle);
  $("room-lock").textContent = T("locked");
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
  return state.session.scoring === "cooperative" ? "" : T("score", { score: t.score });
}

function renderRound() {
  if (!state) return;
  const r = state.round;
  show($("round"), !!r);
  if (!r) return;
  $("card-num").textContent = T("card", { n: r.index + 1, total: state.plan.total });
  $("round-status").textContent = T("status_" + r.status);
  $("front").textContent = r.card ? r.card.front : headline(T, r).text;
  const m = mechanicOf(r);
  $("hand").textContent = m.handText
    ? m.handText(T, r)
    : (r.cards || []).map((c, i) => `${i + 1}. ${c.front}${c.unit ? " (" + c.unit + ")" : ""}`).join(" · ");
  const answered = progress && progress.round === r.number ? progress.answered : r.answered;
  $("answered").textContent = T("answered", { n: answered, total: state.teams.length });
  const rv = r.status === "revealed" ? r.reveal : null;
  show($("results"), !!rv);
  if (rv) {
    const truth = m.truth ? m.truth(T, r, rv) : "";
    $("verdict").textContent = truth ? T("answer_is", { answer: truth }) : "";
    renderFacts(r, rv);
    show($("results-body").parentNode, r.scored !== false); // an unscored poll has no team results
    $("results-body").replaceChildren(
      ...state.teams.map((t) => {
        const tr = el("tr");
        const answer = rv.answers[t.id];
        tr.append(
          el("th", t.name),
          el("td", words(T, r, answer), isRight(r, t.id) ? "right" : "wrong"),
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

// The revealed facts as the room sees them: values (one unit in a duel), ratio, scope,
// provenance and caution, comparison; then the sources of every card shown.
function renderFacts(r, rv) {
  const cards = rv.cards || [];
  const facts = cards.filter((c) => c.kind === "fact");
  const duel = rv.duel || { values: {} };
  const m = mechanicOf(r);
  if (m.controlReveal) {
    $("reveal-sources").replaceChildren();
    return $("reveal-facts").replaceChildren(...m.controlReveal(T, r, rv, state));
  }
  $("reveal-facts").replaceChildren(
    ...facts.map((c) => {
      const higher = !!rv.duel && rv.answer.includes(c.key); // a duel's higher fact
      return factCard(T, c, { quantity: duel.values[c.key], higher, ratio: higher ? duel.ratio_text : "" });
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
    li.querySelector(".entered").textContent = mine === undefined ? "" : words(T, r, mine, 30);
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
  const ctx = { T, send, flash };
  Object.assign(ctx, {
    buttons: (options) => entryButtons(ctx, t, options),
    selects: (n) => entrySelects(ctx, r, t, n),
    form: (form, submit) => entryForm(ctx, form, submit),
  });
  const controls = m.entry ? m.entry(ctx, r, t) : el("div", null, "row entry-controls");
  const clear = button(T("clear"), "small link");
  clear.setAttribute("aria-label", T("clear_for", { team: t.name }));
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
  const T = ctx.T;
  const form = el("form", null, "row");
  const fields = [];
  for (let i = 0; i < n; i++) {
    const select = el("select");
    select.setAttribute("aria-label", T("entry_rank", { team: t.name, n: i + 1 }));
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
    if (new Set(keys).size !== keys.length) return ctx.flash(T("entry_twice"));
    ctx.send(keys);
  });
}

// A form with its "Enter" button; submit() reads the fields and sends.
function entryForm(ctx, form, submit) {
  form.append(el("button", ctx.T("enter")));
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
  $("clock-phase").textContent = T("clock_phase", { n: index + 1, total: plan.phases.length, title: phase.title });
  $("clock-elapsed").textContent = T("clock_elapsed", { elapsed: mmss(elapsed), planned: mmss(end), total: mmss(total) });
  let status = "on_time";
  let delta = 0;
  if (elapsed < start) [status, delta] = ["ahead", start - elapsed];
  else if (elapsed > end) [status, delta] = ["behind", elapsed - end];
  const node = $("clock-status");
  node.textContent = T("clock_" + status, { n: Math.max(1, Math.round(delta / 60)) });
  node.dataset.status = status;
  $("clock-phases").replaceChildren(
    ...plan.phases.map((p, i) => {
      const li = el("li", `${p.title} — ${Math.round(p.budget / 60)} min`, i === index ? "now" : i < index ? "done" : "");
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
  $("break-left").textContent = until ? T("break_left", { left: mmss(clk.left(until)) }) : "";
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

function inlineRename(maxLength, labelText, onSubmit) {
  const form = el("form", null, "inline");
  const input = el("input");
  input.maxLength = maxLength;
  input.required = true;
  input.setAttribute("aria-label", labelText);
  const button = el("button", T("rename"));
  form.append(input, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (value) onSubmit(value);
    input.dataset.dirty = "";
    input.blur();
  });
  input.addEventListener("input", () => (input.dataset.dirty = "1"));
  return form;
}

function setIfIdle(input, value) {
  if (document.activeElement !== input && !input.dataset.dirty) input.value = value;
}

function renderTeams() {
  if (!state) return;
  keyed(
    $("teams"),
    state.teams,
    (t) => {
      const li = el("li");
      li.append(
        inlineRename(30, T("rename") + " " + t.name, (name) => command("rename_team", { team: li.dataset.id, label: name })),
        el("span", "", "size"),
        el("span", "", "score"),
      );
      const remove = el("button", T("remove"), "danger small");
      remove.type = "button";
      remove.addEventListener("click", () => {
        const name = li.querySelector("input").value;
        if (confirm(T("confirm_remove_team", { name }))) command("remove_team", { team: li.dataset.id });
      });
      li.append(remove);
      return li;
    },
    (li, t) => {
      setIfIdle(li.querySelector("input"), t.name);
      const members = players.filter((p) => p.team === t.id).map((p) => p.nickname);
      li.querySelector(".size").textContent = T("players", { n: t.size }) + (members.length ? " — " + members.join(", ") : "");
      li.querySelector(".score").textContent = teamScore(t);
    },
  );
}

function renderRoster() {
  $("roster-count").textContent = `(${players.length})`;
  const teams = state ? state.teams : [];
  keyed(
    $("roster"),
    players,
    () => {
      const li = el("li");
      li.append(inlineRename(24, T("rename"), (nickname) => command("rename_player", { player: li.dataset.id, nickname })));
      const select = el("select");
      select.addEventListener("change", () => select.value && command("move_player", { player: li.dataset.id, team: select.value }));
      const remove = el("button", T("remove"), "danger small");
      remove.type = "button";
      remove.addEventListener("click", () => {
        const name = li.querySelector("input").value;
        if (confirm(T("confirm_remove", { name }))) command("remove_player", { player: li.dataset.id });
      });
      li.append(select, remove);
      return li;
    },
    (li, p) => {
      setIfIdle(li.querySelector("input"), p.nickname);
      const select = li.querySelector("select");
      select.setAttribute("aria-label", T("move_to", { name: p.nickname }));
      if (document.activeElement !== select) {
        const options = [{ id: "", name: T("unassigned") }, ...teams].map((t) => {
          const o = el("option", t.name);
          o.value = t.id;
          return o;
        });
        select.replaceChildren(...options);
        select.value = p.team || "";
      }
    },
  );
  if (!players.length) $("roster").replaceChildren(el("li", T("nobody"), "muted"));
}

document.addEventListener("click", (event) => {
  const b = event.target.closest("button[data-command]");
  if (!b) return;
  const name = b.dataset.command;
  if (name === "end" && !confirm(T("confirm_end"))) return;
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
