// What is wrong on the projector as it is drawn now ([] when everything fits), for
// test_projector_fit.py: page.evaluate(this, minText).
(minText) => {
  const W = innerWidth, H = innerHeight, out = [];
  const name = (n) => n.tagName.toLowerCase() + (n.id ? "#" + n.id : "") +
    (typeof n.className === "string" && n.className ? "." + n.className.trim().split(/\s+/).join(".") : "") +
    ' "' + (n.textContent || "").trim().slice(0, 40) + '"';
  const se = document.scrollingElement;
  if (se.scrollHeight > H + 1 || se.scrollWidth > W + 1)
    out.push(`the page scrolls: ${se.scrollWidth}x${se.scrollHeight}`);
  if (scrollX || scrollY) out.push(`the page is scrolled: ${scrollX},${scrollY}`);
  for (const node of document.body.querySelectorAll("*")) {
    if (node.closest("[hidden], .sr, script, template, title")) continue;
    const cs = getComputedStyle(node);
    if (cs.display === "none" || cs.visibility === "hidden") continue;
    const r = node.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1)
      out.push(`${name(node)} leaves the viewport: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)}`);
    if (node instanceof SVGElement) {
      if (node.tagName === "text" && r.height / 1.25 < minText * H - 0.5)
        out.push(`${name(node)} is too small: ${(r.height / 1.25).toFixed(1)}px`);
      continue;
    }
    const hides = (v) => v !== "visible";
    if ((hides(cs.overflowY) && node.scrollHeight > node.clientHeight + 1) ||
        (hides(cs.overflowX) && node.scrollWidth > node.clientWidth + 1))
      out.push(`${name(node)} is clipped: ${node.scrollWidth}x${node.scrollHeight} in ${node.clientWidth}x${node.clientHeight}`);
    if (cs.textOverflow === "ellipsis" && node.scrollWidth > node.clientWidth + 1) out.push(`${name(node)} is cut`);
    const ownText = [...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
    const size = parseFloat(cs.fontSize) * (node.currentCSSZoom || 1);
    if (ownText && size < minText * H - 0.5) out.push(`${name(node)} is too small: ${size.toFixed(1)}px`);
  }
  const label = document.querySelector(".log-axis .truth-label"), bar = document.querySelector(".log-axis .truth");
  if (label && bar && !label.closest("[hidden]")) {
    const a = label.getBoundingClientRect(), b = bar.getBoundingClientRect();
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push("the true value's label runs over its bar");
  }
  return out;
}
