// The innermost elements whose box or content reaches past the right edge of the viewport
// without a scroll region (overflow auto/scroll/hidden/clip) that clips them.
(() => {
  const width = document.documentElement.clientWidth;
  const clips = (node) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(node).overflowX);
  const clipped = (el) => {
    // An absolutely positioned element is clipped only by scroll regions at or above its
    // containing block (the nearest positioned ancestor); a fixed one by none.
    const position = getComputedStyle(el).position;
    if (position === "fixed") return true;
    let waiting = position === "absolute";
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (waiting && getComputedStyle(node).position === "static") continue;
      waiting = false;
      if (clips(node)) return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const right = Math.max(r.right, r.left + el.scrollWidth);
    if (right <= width + 0.5 || clipped(el)) continue;
    found.push([el, Math.round(right)]);
  }
  const leaves = found.filter(([el]) => !found.some(([other]) => other !== el && el.contains(other)));
  return leaves.slice(0, 5).map(([el, right]) => {
    const id = el.id ? "#" + el.id : "";
    const cls = el.classList.length ? "." + [...el.classList].join(".") : "";
    const text = (el.innerText || "").trim().slice(0, 30);
    return `${el.tagName.toLowerCase()}${id}${cls} ${JSON.stringify(text)} (to ${right} px)`;
  });
})
