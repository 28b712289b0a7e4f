// The tabs of the optimization lab, as the ARIA tabs pattern has them: a tablist of buttons,
// each controlling its tabpanel. A click, or the arrow keys, Home and End on a focused tab,
// ask the server for that tab; the server's "active" is what is shown. Titles are text.

export function render({ model }) {
  const list = document.createElement("div");
  list.className = "tablist";
  list.setAttribute("role", "tablist");
  list.setAttribute("aria-label", model.label);
  const contents = model.get_child("objects");
  const tabs = model.titles.map((title, i) => {
    const tab = document.createElement("button");
    Object.assign(tab, { type: "button", id: `tab-${i}`, className: "tab", textContent: title });
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", `panel-${i}`);
    tab.addEventListener("click", () => model.send_msg({ tab: i }));
    list.append(tab);
    return tab;
  });
  const panels = contents.map((content, i) => {
    const panel = document.createElement("div");
    Object.assign(panel, { id: `panel-${i}`, className: "panel", tabIndex: 0 });
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", `tab-${i}`);
    panel.append(content);
    return panel;
  });
  list.addEventListener("keydown", (event) => {
    const last = tabs.length - 1;
    const moves = { ArrowRight: model.active + 1, ArrowLeft: model.active - 1, Home: 0, End: last };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const index = (moves[event.key] + tabs.length) % tabs.length;
    tabs[index].focus();
    model.send_msg({ tab: index });
  });
  const show = () => {
    tabs.forEach((tab, i) => {
      const selected = i === model.active;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels[i].hidden = !selected;
    });
  };
  show();
  model.on("active", show);
  // The tabs take the place of the button that opened them: the focus goes to the tab shown.
  requestAnimationFrame(() => {
    if (document.activeElement === document.body) tabs[model.active].focus();
  });
  const root = document.createElement("div");
  root.className = "tabs";
  root.append(list, ...panels);
  return root;
}
