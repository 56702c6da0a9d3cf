(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "(nothing: body)";
  const name = (el.getAttribute("aria-label") || (el.labels && el.labels[0] && el.labels[0].innerText)
    || el.innerText || el.value || el.getAttribute("title") || "").trim().replace(/\s+/g, " ");
  const id = el.id ? "#" + el.id : "";
  return `<${el.tagName.toLowerCase()}${id}> ${JSON.stringify(name.slice(0, 60))}`;
})
