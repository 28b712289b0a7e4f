// The data table: a row per point with x[0], x[1], y, the scores s[k] and the loss L,
// paged when there are many points. Every cell is set as text.

export function render({ model }) {
  const head = element("thead");
  const body = element("tbody");
  const table = element("table", { class: "data" }, head, body);
  const scroller = element("div", { class: "scroller", tabindex: "0", role: "region", "aria-label": model.caption },
    table);
  const previous = element("button", { type: "button", text: model.labels.previous });
  const next = element("button", { type: "button", text: model.labels.next });
  const where = element("span", { class: "where" });
  const pager = element("div", { class: "pager" }, previous, where, next);
  const mean = element("p", { class: "mean" }, `${model.labels.mean}: `,
    element("b", { "data-slot": "mean_data_loss" }));
  previous.addEventListener("click", () => model.send_msg({ turn: -1 }));
  next.addEventListener("click", () => model.send_msg({ turn: 1 }));

  function showColumns() {
    const row = element("tr");
    for (const title of model.columns) row.append(element("th", { scope: "col", text: title }));
    head.replaceChildren(row);
  }

  // The rows of the page shown: the live text "table_rows", as JSON (app/runtime/frames.py).
  let page = { rows: [], labels: [], positive: [] };

  function showRows() {
    const tints = model.tints;
    const classes = model.columns.length - 4;  // x[0], x[1], y, the scores, L
    const rows = page.rows.map((cells, i) => {
      const tr = element("tr");
      cells.forEach((text, c) => {
        const td = element("td", { text });
        if (c === 2) td.style.background = tints[page.labels[i]];
        else if (c > 2 && c < 3 + classes) td.style.background = tints[c - 3];
        else if (c === cells.length - 1) {
          const positive = page.positive[i];
          td.className = positive ? "loss positive" : "loss zero";
          td.textContent = `${text} ${positive ? "✗" : "✓"}`;
        }
        tr.append(td);
      });
      return tr;
    });
    body.replaceChildren(...rows);
  }

  function showPager() {
    pager.hidden = model.pages <= 1;
    where.textContent = model.where;
    previous.disabled = model.page <= 0;
    next.disabled = model.page >= model.pages - 1;
  }

  showColumns();
  showRows();
  showPager();
  model.on("columns", () => { showColumns(); showRows(); });
  model.on("tints", showRows);
  window.__live_text.listen("table_rows", (text) => { page = JSON.parse(text); showRows(); });
  model.on(["pages", "page", "where"], showPager);
  setTimeout(() => window.__live_text?.refresh(), 0);
  return element("div", { class: "data-table" }, scroller, pager, mean);
}
