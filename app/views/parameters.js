// The parameter grid (W[k,0], W[k,1], b[k] of every class, or W[k,d] of each of the D inputs
// with features of the points, each with its gradient and buttons that nudge it) and the
// read-out of the losses under it.
//
// Everything shown here is set as text (textContent, input values). What changes every frame
// is live text (app/runtime/frames.py): the gradients and losses are slots (data-slot) that
// the frame script fills, and the values of W and b come as the text "parameter_values".

// A value as app/display.py's number_text writes it: 0.50, -12.25, 1.2e+05.
function formatted(value, limit) {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  if (Math.abs(value) >= limit) return value.toExponential(1).replace(/e([+-])(\d)$/, "e$10$2");
  const text = value.toFixed(2);
  return Number(text) === 0 ? text.replace("-", "") : text;
}

export function render({ model, el }) {
  const labels = model.labels;
  const grid = element("table", { class: "grid" });
  const readout = element("div", { class: "readout", "data-testid": "readout" });
  const status = element("p", { class: "status", role: "status", "aria-live": "polite" });
  const inputs = [];
  let values = [];  // rows [W[k,0], ..., b[k]]: the live text "parameter_values", as JSON
  // Each column's parameter, e.g. "W[{k},2]", and the name of its input (empty: none).
  const column = (c) => model.columns[c] ?? [`W[{k},${c}]`, ""];

  function build() {
    const colors = model.colors;
    grid.replaceChildren();
    inputs.length = 0;
    const head = element("tr", {}, element("td"));
    grid.classList.toggle("wide", (values[0] ?? model.columns).length > 3);
    (values[0] ?? model.columns).forEach((_, c) => {
      const [title, input] = column(c);
      const th = element("th", { scope: "col", text: fill(title, { k: "k" }) });
      if (input) th.append(element("span", { class: "input-name", text: input }));
      head.append(th);
    });
    grid.append(element("thead", {}, head));
    const body = element("tbody");
    values.forEach((row, k) => {
      const tr = element("tr");
      const swatch = element("span", { class: "swatch", "aria-hidden": "true", text: model.symbols[k] });
      swatch.style.color = colors[k];
      tr.append(element("th", { scope: "row", class: "class-name" }, swatch,
        element("span", { class: "class-label", text: fill(labels.class, { k }) })));
      const rowInputs = [];
      row.forEach((value, c) => {
        const parameter = fill(column(c)[0], { k });
        const input = element("input", {
          type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false",
          name: `param_${k}_${c}`, "aria-label": fill(labels.value, { name: parameter }),
        });
        input.value = formatted(value, model.fixed_limit);
        input.addEventListener("change", () => {
          input.dataset.pending = "1";
          model.send_msg({ set: [k, c], text: input.value });
        });
        input.addEventListener("keydown", (event) => {
          if (event.key === "Enter") input.dispatchEvent(new Event("change"));
        });
        const nudge = (direction, symbol, template) => {
          const button = element("button", {
            type: "button", class: "nudge", name: `${direction > 0 ? "up" : "down"}_${k}_${c}`,
            "aria-label": fill(template, { name: parameter, step: model.nudge }), text: symbol,
          });
          button.addEventListener("click", () => model.send_msg({ nudge: [k, c, direction] }));
          return button;
        };
        const gradient = element("span", {
          class: "gradient", "data-slot": `grad_${k}_${c}`, title: fill(labels.gradient, { name: parameter }),
        });
        tr.append(element("td", {},
          element("div", { class: "cell" },
            nudge(-1, "▼", labels.decrease), input, nudge(+1, "▲", labels.increase), gradient)));
        rowInputs.push(input);
      });
      inputs.push(rowInputs);
      body.append(tr);
    });
    grid.append(body);
    // Once on the page, the new slots show the frame script's current text (app/runtime/frames.py).
    setTimeout(() => window.__live_text?.refresh(), 0);
  }

  function show() {
    if (values.length !== inputs.length || values[0]?.length !== inputs[0]?.length) { build(); return; }
    values.forEach((row, k) => row.forEach((value, c) => {
      const input = inputs[k][c];
      const text = formatted(value, model.fixed_limit);
      if (input.value !== text && (document.activeElement !== input || input.dataset.pending)) {
        input.value = text;
      }
      delete input.dataset.pending;
    }));
  }

  function restore() {
    inputs.flat().forEach((input) => { delete input.dataset.pending; });
    show();
    inputs.forEach((row, k) => row.forEach((input, c) => {
      input.value = formatted(values[k][c], model.fixed_limit);
    }));
  }

  function showStatus() {
    status.textContent = model.status;
    status.className = model.status_is_error ? "status error" : "status";
  }

  readout.append(
    element("div", {}, `${labels.data_loss}: `, element("span", { "data-slot": "data_loss" })),
    element("div", {}, `${labels.reg_loss}: `, element("span", { "data-slot": "reg_loss" })),
    element("div", { class: "total" }, `${labels.total_loss}: `, element("span", { "data-slot": "total_loss" })),
    element("div", {}, `${labels.accuracy}: `, element("span", { "data-slot": "accuracy" }),
      element("span", { class: "step" }, " · ", `${labels.step} `, element("span", { "data-slot": "step" }))),
    element("div", { class: "search", "data-slot": "search" }),
    element("div", { class: "test", "data-slot": "test", "data-testid": "test-readout" }),
  );
  build();
  showStatus();
  window.__live_text.listen("parameter_values", (text) => { values = JSON.parse(text); show(); });
  model.on("colors", build);
  model.on("columns", build);
  model.on("status", showStatus);
  model.on("status_is_error", showStatus);
  model.on("msg:custom", (message) => { if (message.restore) restore(); });
  // A grid wider than the panel (many inputs) scrolls sideways on its own.
  return element("div", { class: "parameters" }, element("div", { class: "grid-scroll" }, grid), readout, status);
}
