// The registry of mechanics on the screens: one module each (./<name>.js), named as the server
// names them (game/mechanics/__init__.py). The phone, the projector and the control panel draw a
// round through these functions only; none of them asks which mechanic a round is.
// A module is loaded when a round first needs it, so that a phone fetches only the games it
// plays (old phones on school Wi-Fi); the staff screens load them all at once.
import { ranked } from "../helpers.js";
import { gettext } from "../i18n.js";

const NAMES = ["verdict", "duel", "estimate", "timeline", "solutions", "opinion"];
// Each module's URL as the page gives it (game/scripts.py: the cache-busted copy, whose own
// imports are this page's modules, not second copies under their plain names).
const given = document.getElementById("mechanic-modules");
const URLS = given ? JSON.parse(given.textContent) : {};
const loaded = {};
const loading = {};
let redraw = () => {};

function load(name) {
  if (!NAMES.includes(name) || loading[name]) return loading[name];
  loading[name] = import(URLS[name] || `./${name}.js`).then((module) => {
    loaded[name] = module.default;
    redraw();
  });
  return loading[name];
}

// What to draw again once a module has arrived.
export function onLoaded(callback) {
  redraw = callback;
}

export const loadAll = () => Promise.all(NAMES.map(load));

// Is the round's module here (else it is on its way, and onLoaded's callback follows)?
export function ready(r) {
  if (loaded[r.mechanic]) return true;
  load(r.mechanic);
  return false;
}

// A round's mechanic module; until it has arrived (or for a name this page does not know) the
// round is drawn as plain cards.
export const mechanicOf = (r) => loaded[r.mechanic] || (load(r.mechanic), {});

// The line above the controls: the mechanic's prompt ("Which one is higher?"), else the card.
export function headline(r) {
  const m = mechanicOf(r);
  const prompt = m.prompt ? m.prompt(r) : "";
  const front = m.front ? m.front(r) : r.card ? r.card.front : "";
  return { text: prompt || front, prompt: !!prompt };
}

// A team's answer (or a proposal) in words.
export function words(r, choice, n = 40) {
  if (choice === null || choice === undefined) return gettext("no answer");
  const m = mechanicOf(r);
  if (m.words) return m.words(r, choice, n);
  return Array.isArray(choice) ? ranked(r, choice, n) : String(choice);
}

// Did this team get the round right (points, for the mechanics scored by closeness)?
export function isRight(r, team) {
  const rv = r.reveal;
  const answer = rv && rv.answers[team];
  if (answer === null || answer === undefined) return false;
  const m = mechanicOf(r);
  return m.isRight ? m.isRight(r, rv, answer) : (rv.points[team] || 0) > 0;
}

// Are points shown for this reveal (for one team, or for any)?
export function pointsShown(r, rv, team) {
  const m = mechanicOf(r);
  return r.scored !== false && (!m.scoredHere || m.scoredHere(rv, team));
}

// What the projector's table says a team answered.
export function said(r, answer) {
  const m = mechanicOf(r);
  return m.said ? m.said(r, answer) : words(r, answer, 28);
}

// The debrief's sections of every mechanic, in the registry's order: [{id, title, body}];
// `pictures` are the projector's drawings (../debrief.js).
export function debriefSections(d, state, pictures) {
  return NAMES.map((name) => loaded[name])
    .map((m) => (m && m.debrief && d ? m.debrief(d, state, pictures) : null))
    .filter(Boolean);
}
