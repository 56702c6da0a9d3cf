// A focus indicator: an outline or a box shadow on the element (or, for a checkbox or radio
// ringed by its wrapper, on the wrapper), that is not transparent.
(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {visible: false, style: "nothing has focus"};
  const seen = (node) => {
    const cs = getComputedStyle(node);
    const transparent = (c) => c === "transparent" || /rgba\([^)]*,\s*0\)$/.test(c);
    const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0
      && !transparent(cs.outlineColor);
    const shadow = cs.boxShadow && cs.boxShadow !== "none";
    return {visible: Boolean(outline || shadow),
            style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`};
  };
  const own = seen(el);
  if (own.visible || !el.matches("input[type=checkbox], input[type=radio]")) return own;
  // Designsystemet rings a checkbox's or radio's .ds-field, not the box itself.
  for (let node = el.parentElement, up = 0; node && up < 3; node = node.parentElement, up++) {
    const wrapper = seen(node);
    if (wrapper.visible) return wrapper;
    if (node.matches(".ds-field")) break;
  }
  return own;
})
