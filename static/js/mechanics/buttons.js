// The phone's row of answer buttons, shared by the mechanics answered with one tap (verdict,
// duel, opinion). A phone's controls are built once a round (`build`) and updated in place
// (`update`); what is being built on the phone lives in `box.m`, new for every round.
import { el } from "../socket.js";
import { button, same } from "../helpers.js";
import { gettext, interpolate } from "../i18n.js";

// One button per possible answer (options: [{key, front, unit?}]): a tap proposes it.
export function buildButtons(ctx, box, r, options, className = "choice") {
  const group = el("div", null, "choices");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", gettext("Your proposal"));
  for (const option of options) {
    const b = button(option.front, className);
    b.dataset.choice = String(option.key);
    b.choice = option.key;
    if (option.unit) b.append(el("span", interpolate(gettext("in %(unit)s"), { unit: option.unit }), "unit"));
    if (option.note) b.append(el("span", option.note, "unit"));
    b.addEventListener("click", () => !b.disabled && ctx.propose(r, option.key));
    group.append(b);
  }
  box.append(group);
}

export function updateButtons(ctx, box, r, answering) {
  const mine = ctx.mine();
  const pending = ctx.pending();
  for (const b of box.querySelectorAll("[data-choice]")) {
    b.setAttribute("aria-pressed", String(same(mine, b.choice)));
    b.dataset.pending = String(pending !== null && same(pending, b.choice));
    b.disabled = !answering;
  }
}
