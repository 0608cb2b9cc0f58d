// The facilitator's control panel: one button per command, teams and players editable inline.
import { $, clock, connect, el, mmss, show, strings } from "./socket.js";

const T = strings();
const clk = clock();
let state = null;
let players = [];
let progress = null;

const socket = connect(
  $("control-js").dataset.socket,
  {
    state(msg) {
      clk.sync(msg.now);
      state = msg;
      if (progress && (!msg.round || progress.round !== msg.round.number)) progress = null;
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
    $("status").textContent = T(status);
    $("status").dataset.status = status;
  },
);

function flash(text) {
  const node = $("flash");
  node.textContent = text;
  show(node, true);
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => show(node, false), 5000);
}

const command = (name, args = {}) => socket.send({ type: "command", name, ...args });
const label = (choice) => (choice ? T(choice) : T("no_answer"));

function available(s) {
  const phase = s.session.phase;
  const r = s.round;
  const st = r ? r.status : null;
  const live = st === "answering" || st === "paused";
  return {
    open: phase === "draft",
    start: phase === "lobby" && !r,
    next: phase === "playing" && !!r && s.plan.index + 1 < s.plan.total,
    reveal: live || st === "closed",
    close: live,
    extend: live,
    pause: st === "answering",
    resume: st === "paused",
    back: phase === "playing" && !!r && r.index > 0,
    restart: phase === "playing" && !!r,
    skip: phase === "playing" && !!r && st !== "revealed" && st !== "skipped",
    lock_room: (phase === "lobby" || phase === "playing") && !s.session.locked,
    unlock_room: phase !== "ended" && s.session.locked,
    end: phase !== "ended",
    balance: phase !== "ended",
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
  $("phase").textContent = T("phase_" + state.session.phase);
  $("room-lock").textContent = T("locked");
  show($("room-lock"), state.session.locked);
  const duration = $("duration");
  if (document.activeElement !== duration && state.round) duration.value = state.round.duration;
  renderRound();
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
  $("front").textContent = r.card.front;
  const answered = progress && progress.round === r.number ? progress.answered : r.answered;
  $("answered").textContent = T("answered", { n: answered, total: state.teams.length });
  const rv = r.status === "revealed" ? r.reveal : null;
  show($("results"), !!rv);
  if (rv) {
    $("verdict").textContent = T("answer_is", { answer: label(rv.answer) });
    $("results-body").replaceChildren(
      ...state.teams.map((t) => {
        const tr = el("tr");
        const answer = rv.answers[t.id] || null;
        tr.append(
          el("th", t.name),
          el("td", label(answer), answer === rv.answer ? "right" : "wrong"),
          el("td", String(rv.points[t.id] || 0)),
          el("td", String(t.score)),
        );
        tr.firstChild.scope = "row";
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
  else if (r.status === "paused") node.textContent = mmss(r.remaining || 0);
  else node.textContent = "";
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

setInterval(renderCountdown, 500);
