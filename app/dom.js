// Helpers shared by the page's browser components; app/component.py puts them before each
// component's own module. Text is always set as text, never as HTML.

// A new element with attributes (``text`` sets its text; null or false: left out; true: set
// as an empty attribute) and children.
function element(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name === "text") el.textContent = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...children);
  return el;
}

// ``template`` with each ``{key}`` replaced by ``values[key]``, e.g. "W[{k},0]" with k = 2.
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}


// A fieldset with a legend and one labelled checkbox for each [value, label] of ``options``,
// the boxes of the values in ``checked`` ticked. Returns the fieldset and its boxes.
function checkboxGroup(id, legend, options, checked = []) {
  const fieldset = element("fieldset", { class: "row checkboxes" }, element("legend", { text: legend }));
  const boxes = options.map(([value, label]) => {
    const boxId = `${id}-${value}`;
    const box = element("input", { type: "checkbox", id: boxId, value, checked: checked.includes(value) });
    fieldset.append(element("div", { class: "checkbox" }, box, element("label", { for: boxId, text: label })));
    return box;
  });
  return { fieldset, boxes };
}
