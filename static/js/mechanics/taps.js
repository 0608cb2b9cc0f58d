// The phone's cards tapped one by one into an order or ranked picks, shared by timeline and
// solutions; what is being built lives in `box.m`, new for every round.
import { el } from "../socket.js";
import { actorWords, button, cardOf, proposeLabel, rankWords, same } from "../helpers.js";
import { gettext, interpolate } from "../i18n.js";

// Cards tapped one by one: into an order of every card (ordered, with ↑ ↓ and take back), or
// into `picks` ranked choices (a tap again takes a pick back).
export function buildTaps(ctx, box, r, { picks, ordered, label }) {
  const chosen = el("ol", null, "order-list");
  chosen.id = "chosen";
  const hand = el("div", null, "hand");
  hand.id = "hand";
  const go = button(label, "primary propose");
  go.addEventListener("click", () => {
    const draft = box.m.draft;
    if (draft && draft.length === picks && !go.disabled) ctx.propose(r, [...draft]);
  });
  const head = (text) => el("h3", text, "small-head");
  if (ordered) box.append(head(gettext("Your order (oldest first)")), chosen, head(gettext("Tap the cards in order")), hand, go);
  else box.append(hand, go);
  Object.assign(box.m, { picks, ordered, label, draft: null });
}

export function updateTaps(ctx, box, r, answering) {
  const m = box.m;
  const mine = ctx.mine();
  if (m.draft === null) m.draft = Array.isArray(mine) ? [...mine] : [];
  const draft = m.draft;
  const go = box.querySelector(".propose");
  const sig = JSON.stringify([draft, answering]);
  if (m.sig !== sig) {
    m.sig = sig;
    const focused = document.activeElement && document.activeElement.dataset.focus;
    const redo = () => updateTaps(ctx, box, r, answering);
    if (m.ordered) box.querySelector("#chosen").replaceChildren(...draft.map((key, i) => placed(ctx, r, draft, key, i, answering, redo)));
    const rest = m.ordered ? r.cards.filter((c) => !draft.includes(c.key)) : r.cards;
    box.querySelector("#hand").replaceChildren(
      ...rest.map((c) => {
        const rank = draft.indexOf(c.key);
        const b = button("", "tile pick");
        b.dataset.focus = "h" + c.key;
        if (!m.ordered) {
          b.setAttribute("aria-pressed", String(rank >= 0));
          if (rank >= 0) b.append(el("span", rankWords(rank), "rank"));
        }
        const text = el("span", null, "pick-text");
        text.append(el("span", c.front));
        if (c.actors && c.actors.length) text.append(el("span", actorWords(c.actors), "actors"));
        b.append(text);
        b.disabled = !answering || (rank < 0 && draft.length >= m.picks);
        b.addEventListener("click", () => {
          if (rank >= 0) draft.splice(rank, 1);
          else if (draft.length < m.picks) draft.push(c.key);
          redo();
        });
        return b;
      }),
    );
    if (!rest.length && m.ordered) box.querySelector("#hand").append(el("p", gettext("All the cards are placed."), "muted"));
    if (focused) {
      const again = box.querySelector(`[data-focus="${focused}"]`) || go;
      if (again && !again.disabled) again.focus();
    }
  }
  go.hidden = draft.length !== m.picks; // shown once every pick is made
  go.disabled = !answering || same(mine, draft);
  go.textContent = proposeLabel(ctx, draft, m.label);
}

// A placed card of an order: take it back, move it up or down.
function placed(ctx, r, draft, key, i, answering, redo) {
  const li = el("li");
  const front = cardOf(r, key).front;
  const back = button(`${i + 1}. ${front}`, "tile placed");
  back.setAttribute("aria-label", interpolate(gettext("Take back %(card)s"), { card: `${i + 1}. ${front}` }));
  back.dataset.focus = "b" + key;
  back.addEventListener("click", () => (draft.splice(i, 1), redo()));
  const up = button("↑", "move");
  up.setAttribute("aria-label", interpolate(gettext("Move up: %(card)s"), { card: front }));
  up.dataset.focus = "u" + key;
  up.disabled = !answering || i === 0;
  up.addEventListener("click", () => ([draft[i - 1], draft[i]] = [draft[i], draft[i - 1]], redo()));
  const down = button("↓", "move");
  down.setAttribute("aria-label", interpolate(gettext("Move down: %(card)s"), { card: front }));
  down.dataset.focus = "d" + key;
  down.disabled = !answering || i === draft.length - 1;
  down.addEventListener("click", () => ([draft[i + 1], draft[i]] = [draft[i], draft[i + 1]], redo()));
  back.disabled = !answering;
  li.append(back, up, down);
  return li;
}
