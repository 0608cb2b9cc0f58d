// The projector: the join code and teams filling up, then each round (the hand, its countdown,
// how many teams answered, never what), the reveal of each mechanic, breaks and the debrief.
import { $, clock, connect, el, mmss, show, sourceItem, statusText } from "./socket.js";
import { actorWords, answeredText, currentPhase } from "./helpers.js";
import { gettext, interpolate } from "./i18n.js";
import { uniqueSources } from "./reveal.js";
import * as pictures from "./debrief.js";
import { debriefSections, headline, isRight, loadAll, mechanicOf, onLoaded, pointsShown, said } from "./mechanics/index.js";

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
      redraw(renderLobby);
    },
    progress(msg) {
      progress = msg;
      redraw(renderCard);
    },
  },
  (status) => {
    $("status").textContent = status === "online" ? "" : statusText(status);
  },
);

// The four kinds of card, named as on the printed card (its colour and shape: css/kinds.css).
const KINDS = {
  fact: () => gettext("Impact"),
  misconception: () => gettext("Misconception"),
  solution: () => gettext("Solution"),
  history: () => gettext("History"),
};

const byScore = (teams) => [...teams].sort((a, b) => b.score - a.score);
const onBreak = () => !!(state && state.session.break_until && state.session.lifecycle !== "ended");

function render() {
  if (!state) return;
  const lifecycle = state.session.lifecycle;
  const r = state.round;
  const debrief = lifecycle === "ended" || state.session.screen === "debrief";
  const pause = onBreak();
  show($("pause"), pause);
  show($("lobby"), !pause && !debrief && !r);
  show($("card"), !pause && !debrief && lifecycle === "playing" && !!r);
  show($("over"), !pause && debrief);
  document.body.classList.toggle("debriefing", debrief && !pause);
  renderLobby();
  renderCard();
  if (debrief) renderDebrief();
  renderCountdown();
  const revealed = !!(r && r.status === "revealed");
  document.body.dataset.screen = pause ? "break" : debrief ? "debrief" : !r ? "lobby" : revealed ? "reveal" : "card";
  refit();
}

function renderLobby() {
  if (!state || state.round) return;
  $("lobby-note").textContent = state.session.lifecycle === "draft" ? gettext("Open the room so that phones can join.") : "";
  const list = $("lobby-teams");
  document.body.dataset.players = String(players.length);
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
    li.append(el("h2", gettext("No team")), el("p", loose.map((p) => p.nickname).join(" · ")));
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
  if (m.hand) return m.hand(r, hand);
  for (const [i, c] of r.cards.entries()) {
    const div = el("div", null, "hand-card");
    if (c.kind) div.dataset.kind = c.kind;
    div.append(el("p", c.front));
    if (c.unit) div.append(el("p", interpolate(gettext("in %(unit)s"), { unit: c.unit }), "muted"));
    if (c.actors && c.actors.length) div.append(el("p", actorWords(c.actors), "muted"));
    if (m.versus && i > 0) hand.append(el("p", m.versus(), "versus"));
    hand.append(div);
  }
}

function renderCard() {
  const r = state && state.round;
  if (!r) return;
  const phase = currentPhase(state);
  $("card-num").textContent = interpolate(gettext("Card %(n)s of %(total)s"), { n: r.index + 1, total: state.plan.total });
  $("phase-title").textContent = phase ? "· " + phase.title : "";
  const kinds = [...new Set((r.cards || []).map((c) => c.kind).filter((k) => KINDS[k]))];
  const tag = $("kind");
  tag.dataset.kind = kinds.length === 1 ? kinds[0] : "";
  tag.textContent = kinds.length === 1 ? KINDS[kinds[0]]() : "";
  show(tag, kinds.length === 1);
  const head = headline(r);
  if ($("front").textContent !== head.text) $("front").textContent = head.text;
  $("front").classList.toggle("prompt", head.prompt);
  renderHand(r);
  const rv = r.status === "revealed" ? r.reveal : null;
  const answered = progress && progress.round === r.number ? progress.answered : r.answered;
  let note = answeredText(answered, state.teams.length);
  if (r.status === "skipped") note = gettext("Card skipped");
  else if (r.status === "closed") note = `${gettext("Time is up")} — ${note}`;
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
  if (m.reveal) m.reveal(r, rv, { body, headline: head, back: $("back") }, state);
  const sources = uniqueSources(cards.flatMap((c) => c.sources || []));
  $("sources").replaceChildren(...sources.slice(0, 3).map(sourceItem));
  show($("results"), pointsShown(r, rv));
  $("results-body").replaceChildren(
    ...byScore(state.teams).map((t) => {
      const tr = el("tr", null, isRight(r, t.id) ? "right" : "wrong");
      const th = el("th", t.name);
      th.scope = "row";
      const points = rv.points[t.id] || 0;
      tr.append(th, el("td", said(r, rv.answers[t.id])), el("td", points ? "+" + points : "0"), el("td", String(t.score)));
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
  else if (r.status === "paused") node.textContent = `${gettext("Paused")} ${mmss(r.remaining || 0)}`;
  else node.textContent = "";
  node.classList.toggle("urgent", r.status === "answering" && !!r.deadline && clk.left(r.deadline) <= 10);
}

function renderDebrief() {
  const d = state.debrief;
  $("over-title").textContent = state.session.lifecycle === "ended" ? gettext("Final scores") : gettext("Debrief");
  const coop = state.session.scoring === "cooperative";
  $("room-score").textContent = coop ? interpolate(gettext("Room score: %(score)s"), { score: state.room_score }) : "";
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
    ...[...own.first, ...debriefSections(d, state, pictures), ...own.last].map(({ id, title, body }) => {
      const section = el("section");
      section.id = id;
      section.append(el("h2", title), body);
      return section;
    }),
  );
}

// --- Fitting: every screen fits the projector it is shown on, whatever its resolution. ---
// The screen shown has its type made smaller until it fits under the bar, never below READABLE;
// the lobby's team list makes its names smaller. What still does not fit is shown a page at a
// time: the children of a [data-pages] box (the lobby's teams, the debrief's sections), turned
// every few seconds. Done again after every drawing and every resize; the body's data-fitted
// says for which size it was last done.
const READABLE = 0.02; // of the screen's height: the smallest text that reads from the back
const FIT_MIN = 0.45; // the big type may shrink to this share of its size (never below READABLE)
const PAGE_MS = 8000;
let fitting = 0;

// One part of the screen drawn again, then the whole screen fitted to the projector again.
function redraw(part) {
  part();
  refit();
}

function refit() {
  delete document.body.dataset.fitted;
  cancelAnimationFrame(fitting);
  fitting = requestAnimationFrame(fit);
}

function fit() {
  const main = $("main");
  const section = [...main.children].find((n) => n.tagName === "SECTION" && !n.hidden);
  if (section) {
    const bottom = main.getBoundingClientRect().bottom - parseFloat(getComputedStyle(main).paddingBottom);
    const boxes = [...section.querySelectorAll("[data-pages]")];
    boxes.forEach(unpage);
    const fits = () =>
      section.getBoundingClientRect().bottom <= bottom + 0.5 &&
      section.scrollHeight <= section.clientHeight + 1 &&
      section.scrollWidth <= section.clientWidth + 1;
    const lobby = section.id === "lobby";
    const done = lobby ? shrink($("lobby-teams"), "--names", fits) : shrinkType(section, fits);
    // the tallest first: the likeliest cause, and the others may then fit whole
    const tallest = boxes.map((box) => [box.getBoundingClientRect().height, box]).sort((a, b) => b[0] - a[0]);
    // The debrief's sections are put in pages at their full size, then its type shrinks until
    // every page fits: as few words made small as can be.
    const debrief = section.id === "over";
    if (!done && debrief) {
      section.style.zoom = "";
      section.style.setProperty("--fit", "1");
    }
    if (!done) tallest.forEach(([, box]) => fits() || paginate(box, fits));
    if (!done && debrief) shrinkType(section, everyPage(boxes, fits));
    if (section.id === "over") pictures.redraw();
  }
  document.body.dataset.fitted = `${innerWidth}x${innerHeight}`;
}

// The smallest text drawn in `root`, in pixels as seen (an SVG's text as scaled).
function smallestText(root) {
  let least = Infinity;
  for (const node of root.querySelectorAll("*")) {
    if (!node.getClientRects().length) continue;
    if (![...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim())) continue;
    const size =
      node instanceof SVGElement
        ? node.getBoundingClientRect().height / 1.25
        : parseFloat(getComputedStyle(node).fontSize) * (node.currentCSSZoom || 1);
    if (size > 0) least = Math.min(least, size);
  }
  return least;
}

// The largest value in [lo, 1] that fits (apply(value) draws it), or false when lo does not.
function search(apply, fits, lo, steps = 7) {
  apply(lo);
  if (!fits()) return false;
  let hi = 1;
  for (let i = 0; i < steps; i++) {
    const mid = (lo + hi) / 2;
    apply(mid);
    if (fits()) lo = mid;
    else hi = mid;
  }
  apply(lo);
  return true;
}

// A CSS variable that scales a box's type (--fit, --names) from 1 down to what still reads.
function shrink(box, variable, fits, lo = null) {
  const set = (f) => box.style.setProperty(variable, String(f));
  set(1);
  if (fits()) return true;
  return search(set, fits, lo === null ? Math.min(1, (READABLE * innerHeight) / smallestText(box)) : lo);
}

// --fit first (the big type shrinks, the small stays readable), then, for what the projector's
// rules do not size (a section another module draws), a zoom down to the readable.
function shrinkType(section, fits) {
  section.style.zoom = "";
  if (shrink(section, "--fit", fits, FIT_MIN)) return true;
  const floor = Math.min(1, (READABLE * innerHeight) / smallestText(section));
  const zoom = (z) => (section.style.zoom = String(z));
  if (search(zoom, fits, floor)) return true;
  return false;
}

function unpage(box) {
  box.querySelectorAll(":scope > .page").forEach((n) => n.remove());
  for (const child of box.children) child.hidden = false;
  box.pages = [];
}

// Whole children a page at a time, as many as fit, with "Page 1 of 3" after them.
function paginate(box, fits) {
  const items = [...box.children];
  if (items.length < 2) return;
  const tag = items[0].tagName.toLowerCase();
  const note = el(tag, null, "page");
  if (tag === "tr") note.append(Object.assign(el("td"), { colSpan: 9 }));
  (note.firstChild || note).textContent = interpolate(gettext("Page %(page)s of %(pages)s"), { page: 9, pages: 9 });
  box.append(note);
  items.forEach((n) => (n.hidden = true));
  const pages = [];
  let current = [];
  for (const item of items) {
    item.hidden = false;
    current.push(item);
    if (!fits() && current.length > 1) {
      current.forEach((n) => (n.hidden = true));
      pages.push(current.slice(0, -1));
      current = [item];
      item.hidden = false;
    }
  }
  pages.push(current);
  box.pages = pages;
  box.page = (box.page || 0) % pages.length;
  showPage(box);
}

// fits() for every page of the paged boxes in turn (the page shown left as it was).
function everyPage(boxes, fits) {
  return () => {
    let ok = fits();
    for (const box of boxes) {
      const pages = box.pages || [];
      const shown = box.page;
      for (let i = 0; ok && pages.length > 1 && i < pages.length; i++) {
        box.page = i;
        turn(box);
        ok = fits();
      }
      box.page = shown;
      turn(box);
    }
    return ok;
  };
}

function turn(box) {
  (box.pages || []).forEach((group, i) => group.forEach((n) => (n.hidden = i !== box.page)));
}

function showPage(box) {
  const pages = box.pages || [];
  turn(box);
  const note = box.querySelector(":scope > .page");
  if (note) (note.querySelector("td") || note).textContent = interpolate(gettext("Page %(page)s of %(pages)s"), { page: box.page + 1, pages: pages.length });
  if (box.id === "debrief-lists") pictures.redraw(); // the pictures of the page now shown, at their size
}

setInterval(() => {
  for (const box of document.querySelectorAll("[data-pages]")) {
    if (!box.pages || box.pages.length < 2) continue;
    box.page = (box.page + 1) % box.pages.length;
    showPage(box);
  }
}, PAGE_MS);
window.addEventListener("resize", refit);

onLoaded(() => {
  $("hand").dataset.round = ""; // a hand drawn before its module arrived is drawn again
  render();
});
loadAll();
setInterval(renderCountdown, 500);
