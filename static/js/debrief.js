// The debrief's pictures on the projector: the scores over the rounds, the session's own
// footprint, and the small drawings the mechanics' debrief sections use (a bar of wrong and
// right answers, the guesses on a logarithmic axis). SVG built with DOM calls, drawn at the
// size of its box so that its words stay as large as the page's from 1024x768 to 4K.
import { el } from "./socket.js";
import { cut, num } from "./helpers.js";
import { gettext, interpolate, ngettext } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
// Eight colours told apart by most colour-blind eyes (Okabe-Ito, black first), then dashes.
const COLOURS = ["#000000", "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c6d00"];
const DASHES = ["", "12 6", "4 5"];
const last = (t) => (t.scores.length ? t.scores[t.scores.length - 1] : 0);

export function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// The page's reading size, in px, from the viewport's height (as the projector's CSS does).
const vh = (n) => (n * window.innerHeight) / 100;
// The smallest size an SVG word is drawn at: the projector's --readable (2.1vh) and a little
// more, an SVG text's box being a little shorter than its font size.
const svgReadable = () => vh(2.3);

// Drawn again, at the box's new size, when the window changes (a projector that switches mode).
const drawers = new Map();
// Also once the projector has fitted the page (its boxes' sizes are then final): screen.js.
export function redraw() {
  for (const [box, draw] of drawers) {
    if (!box.isConnected) drawers.delete(box);
    else draw();
  }
}
window.addEventListener("resize", redraw);
function sized(box, draw) {
  // not while hidden (a page of the debrief not shown): drawn when its page is (screen.js)
  drawers.set(box, () => box.clientWidth && draw());
  requestAnimationFrame(drawers.get(box)); // once the box is in the page and has its size
  return box;
}

// --- the scores over the rounds ---

// Labels at the end of the lines, pushed apart so that none overlaps (in order of the value).
function spread(items, gap, lo, hi) {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.place - b.place);
  for (let i = 1; i < sorted.length; i++) sorted[i].y = Math.max(sorted[i].y, sorted[i - 1].y + gap);
  const over = sorted.length ? sorted[sorted.length - 1].y - hi : 0;
  if (over > 0) for (const item of sorted) item.y -= over;
  for (let i = sorted.length - 2; i >= 0; i--) sorted[i].y = Math.min(sorted[i].y, sorted[i + 1].y - gap);
  for (const item of sorted) item.y = Math.max(lo, item.y);
  return sorted;
}

export function scoreChart(progress) {
  const box = el("div", null, "score-chart");
  box.id = "d-scores";
  const rounds = progress.rounds || [];
  const teams = progress.teams || [];
  const draw = () => {
    const W = Math.max(200, box.clientWidth);
    const H = Math.max(120, box.clientHeight);
    const small = svgReadable();
    const font = Math.max(small, Math.min(vh(2.8), H / 9));
    // The names at the lines' ends (their scores are in the table beside) take at most 38 % of
    // the width, cut shorter on a narrow box: the lines keep the rest.
    const room = Math.max(6, Math.floor((W * 0.38 - font) / (small * 0.64)) - 3);
    const names = teams.map((t) => cut(t.name, Math.min(16, room)));
    const longest = Math.max(...names.map((n) => n.length), 4) + 3;
    const labelFont = Math.max(small, Math.min(font, (W * 0.38 - font) / (longest * 0.64)));
    const labelW = longest * labelFont * 0.64 + font;
    const axisWord = gettext("card no.");
    const left = Math.max(font * 2.2, small * 0.62 * axisWord.length + small * 0.6);
    const right = W - labelW;
    const top = font * 0.8;
    const bottom = H - small * 2.2;
    // The grid's top: the best score rounded up to a whole step, so that every line ends under a number.
    const best = Math.max(1, ...teams.flatMap((t) => t.scores));
    const step = Math.max(1, Math.ceil(best / 4));
    const most = Math.ceil(best / step) * step;
    const n = rounds.length;
    const x = (i) => left + (n <= 1 ? (right - left) / 2 : (i * (right - left)) / n);
    const y = (v) => bottom - (v / most) * (bottom - top);
    const svg = svgEl("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", class: "chart" });
    svg.append(svgEl("title", {}, gettext("The teams' scores after each round")));
    // Grid: a few whole numbers up the side, the card numbers along the bottom.
    for (let v = 0; v <= most; v += step) {
      svg.append(svgEl("line", { x1: left, x2: right, y1: y(v), y2: y(v), class: "grid" }));
      svg.append(svgEl("text", { x: left - font * 0.4, y: y(v) + small * 0.35, class: "tick", "text-anchor": "end", "font-size": small }, String(v)));
    }
    let shown = -Infinity;
    rounds.forEach((r, i) => {
      const at = x(i + 1);
      const room = i === n - 1 ? small * 2.2 : small * 2.8;
      if (at - shown < room) return;
      shown = at;
      svg.append(svgEl("text", { x: at, y: bottom + small * 1.3, class: "tick", "text-anchor": "middle", "font-size": small }, String(r.card)));
    });
    svg.append(svgEl("text", { x: left - small * 0.6, y: bottom + small * 1.3, class: "tick", "text-anchor": "end", "font-size": small }, axisWord));
    // The three first teams in colour and named at the end of their line, the others in grey
    // (their scores are in the table beside): a picture of the race, not a legend to decode.
    const order = teams.map((t, i) => i).sort((a, b) => last(teams[b]) - last(teams[a]));
    const podium = new Set(order.slice(0, 3));
    const ends = [];
    for (const i of [...order].reverse()) {
      const t = teams[i];
      const place = order.indexOf(i);
      const colour = podium.has(i) ? COLOURS[place + 1] : "#9a9a9a";
      const points = [[x(0), y(0)], ...t.scores.map((v, k) => [x(k + 1), y(v)])];
      svg.append(
        svgEl("polyline", {
          points: points.map((p) => p.join(",")).join(" "),
          class: "line",
          stroke: colour,
          "stroke-width": podium.has(i) ? Math.max(3, font / 5) : Math.max(1.5, font / 12),
          "stroke-dasharray": DASHES[place] || "",
        }),
      );
      const [ex, ey] = points[points.length - 1];
      if (podium.has(i)) {
        svg.append(svgEl("circle", { cx: ex, cy: ey, r: Math.max(4, font / 4), fill: colour }));
        ends.push({ y: ey, place, colour, text: `${place + 1}. ${names[i]}` });
      }
    }
    for (const end of spread(ends, labelFont * 1.3, top + labelFont * 0.4, bottom)) {
      svg.append(svgEl("text", { x: right + font * 0.5, y: end.y + labelFont * 0.35, fill: end.colour, class: "end-label", "font-size": labelFont }, end.text));
    }
    box.replaceChildren(svg);
  };
  return sized(box, draw);
}

// --- pictures the mechanics' sections use ---

// How many teams got a misconception wrong, as a bar (wrong in red, right in green), then the
// right answer; `label` says it all in words for a screen reader.
export function wrongBar(wrong, answered, answer, label) {
  const row = el("div", null, "wrong-row");
  const bar = el("div", null, "wrong-bar");
  bar.setAttribute("role", "img");
  bar.setAttribute("aria-label", label || interpolate(gettext("%(n)s wrong out of %(total)s"), { n: wrong, total: answered }));
  const bad = el("span", String(wrong), "part bad");
  bad.style.flexGrow = String(wrong);
  const good = el("span", answered - wrong ? String(answered - wrong) : "", "part good");
  good.style.flexGrow = String(answered - wrong);
  bar.append(bad, good);
  row.append(bar);
  if (answer) row.append(el("span", answer, "answer"));
  return row;
}

// Every team's guess and the true value on one logarithmic axis, on one line.
export function guessAxis(row, teams) {
  const box = el("div", null, "guess-axis");
  const values = Object.entries(row.guesses || {}).filter(([, v]) => v > 0);
  const low = row.value;
  const high = row.value_max || row.value;
  const draw = () => {
    const W = Math.max(160, box.clientWidth);
    const font = svgReadable() / 0.85; // its ticks are drawn at 0.85 of it
    const H = font * 3.4;
    const all = [low, high, ...values.map(([, v]) => v)];
    const lo = Math.floor(Math.log10(Math.min(...all)) - 0.2);
    const hi = Math.ceil(Math.log10(Math.max(...all)) + 0.2);
    const left = font * 1.8;
    const right = W - font * 1.8;
    const x = (v) => left + ((Math.log10(v) - lo) / Math.max(1, hi - lo)) * (right - left);
    const axisY = font * 1.4;
    const svg = svgEl("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", class: "chart" });
    svg.append(svgEl("title", {}, gettext("The teams' guesses and the true value, on a logarithmic scale")));
    svg.append(svgEl("rect", { x: x(low) - font * 0.3, y: axisY - font, width: Math.max(font * 0.6, x(high) - x(low) + font * 0.6), height: font * 2, class: "truth" }));
    svg.append(svgEl("line", { x1: left, x2: right, y1: axisY, y2: axisY, class: "axis" }));
    const step = Math.max(1, Math.ceil(((hi - lo) * font * 3.2) / (right - left)));
    for (let k = lo; k <= hi; k += step) {
      svg.append(svgEl("line", { x1: x(10 ** k), x2: x(10 ** k), y1: axisY - font * 0.3, y2: axisY + font * 0.3, class: "axis" }));
      svg.append(svgEl("text", { x: x(10 ** k), y: axisY + font * 1.5, class: "tick", "text-anchor": "middle", "font-size": font * 0.85 }, num(10 ** k)));
    }
    const colour = new Map(teams.map((t, i) => [t.id, COLOURS[i % COLOURS.length]]));
    for (const [team, v] of values) {
      svg.append(svgEl("circle", { cx: x(v), cy: axisY, r: font * 0.42, fill: colour.get(team) || "#000", class: "guess" }));
    }
    box.replaceChildren(svg);
  };
  return sized(box, draw);
}

// --- the session's own footprint ---

function bytesText(n) {
  if (n >= 1e9) return interpolate(gettext("%(x)s GB"), { x: num(n / 1e9) });
  if (n >= 1e6) return interpolate(gettext("%(x)s MB"), { x: num(n / 1e6) });
  return interpolate(gettext("%(x)s kB"), { x: num(n / 1e3) });
}

function whText(wh) {
  if (wh >= 1000) return interpolate(gettext("%(x)s kWh"), { x: num(wh / 1000) });
  if (wh >= 0.1) return interpolate(gettext("%(x)s Wh"), { x: num(wh) });
  return interpolate(gettext("%(x)s mWh"), { x: num(wh * 1000) });
}

// The energy's order of magnitude, never more digits than the estimate deserves.
const rough = (wh) => (wh > 0 ? 10 ** Math.round(Math.log10(wh)) : 0);

export function footprintBox(f, phones) {
  const box = el("div", null, "footprint");
  box.id = "d-footprint";
  box.append(el("p", bytesText(f.bytes), "big-number"));
  const people = phones ? interpolate(ngettext("moved by %(n)s phone", "moved by %(n)s phones", phones), { n: phones }) : "";
  box.append(el("p", [people, interpolate(gettext("%(frames)s messages, %(pages)s page files"), { frames: num(f.frames_sent + f.frames_received), pages: num(f.http_responses) })].filter(Boolean).join(" · "), "muted"));
  const energy = el("p", null, "energy");
  energy.append(
    interpolate(gettext("Network energy: about %(low)s to %(high)s"), { low: whText(rough(f.wh_low)), high: whText(rough(f.wh_high)) }),
  );
  box.append(energy);
  // Short on the projector: how sure the figure is; its method is in the printed report.
  box.append(el("p", `${f.status}.`, "fine"));
  const source = el("p", null, "fine source");
  const first = String(f.source.author || "").split(",")[0];
  source.append(`${first} et al., ${f.source.year} · `);
  const link = el("a", String(f.source.url || "").replace(/^https?:\/\//, ""));
  link.href = f.source.url;
  link.rel = "noopener noreferrer";
  source.append(link);
  box.append(source);
  return box;
}

// The debrief's own sections, around the mechanics' ones: [{id, title, body}].
export function debriefPictures(d, state) {
  const first = [];
  const last = [];
  const progress = d.progress || {};
  if ((progress.rounds || []).length) {
    first.push({ id: "d-scores-box", title: gettext("The scores over the rounds"), body: scoreChart(progress) });
  }
  if (d.footprint) {
    const phones = state.teams.reduce((n, t) => n + (t.size || 0), 0);
    last.push({ id: "d-footprint-box", title: gettext("This session's own footprint"), body: footprintBox(d.footprint, phones) });
  }
  return { first, last };
}
