(() => {
  // A chart (a large img, svg or canvas in main) needs its numbers as a table beside it: in its
  // <figure> or next to it in the same parent. Or the chart (or its <figure>) names its text
  // alternative with aria-describedby/aria-details: a table elsewhere, or a sentence when there
  // is no data to show.
  const found = [];
  for (const el of document.querySelectorAll("main img, main svg, main canvas, main object")) {
    if (el.closest("[aria-hidden=true]") || (el.parentElement && el.parentElement.closest("svg"))) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 150 || r.height < 100) continue;
    const holder = (el.closest("figure") || el).parentElement;
    const named = [el, el.closest("figure")].filter(Boolean)
      .flatMap((n) => [n.getAttribute("aria-describedby"), n.getAttribute("aria-details")]);
    const refs = named.join(" ").split(/\s+/).filter(Boolean).map((id) => document.getElementById(id));
    const referenced = refs.some((n) => n && n.textContent.trim());
    if ((holder && holder.querySelector("table")) || referenced) continue;
    const id = el.id ? "#" + el.id : "";
    found.push(`${el.tagName.toLowerCase()}${id} (${Math.round(r.width)}x${Math.round(r.height)})`);
  }
  return found;
})
