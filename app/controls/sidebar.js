// The controls of the page, drawn from a specification sent by the server (app/controls/sidebar.py).
//
// Every control is a native element with a label: buttons, range inputs, selects, radio
// groups, number inputs and a checkbox. A change is sent to the server as a message; the
// server applies it to the state and sends the state's values back, which is what the controls
// show. Every text here is set as text, never as HTML.

function shown(value, format) {
  if (typeof value !== "number") return String(value);
  if (format === "integer") return String(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

// The index of the stop nearest to value.
function nearestStop(stops, value) {
  let best = 0;
  stops.forEach(([stop], i) => {
    if (Math.abs(stop - value) < Math.abs(stops[best][0] - value)) best = i;
  });
  return best;
}

export function render({ model }) {
  const root = element("div", { class: "controls" });
  const controls = new Map();  // name -> {row, show(value)}
  const send = (message) => model.send_msg(message);
  const set = (name, value) => send({ set: name, value });

  function actionButton(spec) {
    const button = element("button", { type: "button", class: `action ${spec.style ?? ""}`, text: spec.label });
    button.addEventListener("click", () => send({ action: spec.name }));
    return { row: button, show() {} };
  }

  function toggle(spec) {
    const button = element("button", { type: "button", class: "action toggle", "aria-pressed": "false" });
    button.addEventListener("click", () => set(spec.name, button.getAttribute("aria-pressed") !== "true"));
    return {
      row: button,
      show(value) {
        button.setAttribute("aria-pressed", value ? "true" : "false");
        button.textContent = value ? spec.label_on : spec.label;
        button.className = `action toggle ${value ? "danger" : "success"}`;
      },
    };
  }

  function slider(spec) {
    const id = `control-${spec.name}`;
    const stops = spec.stops;
    const input = element("input", {
      type: "range", id, name: spec.name,
      min: stops ? 0 : spec.min, max: stops ? stops.length - 1 : spec.max, step: stops ? 1 : spec.step,
    });
    const value = element("span", { class: "value" });
    const label = element("label", { for: id }, element("span", { id: `${id}-name`, text: spec.label }), ": ", value);
    input.setAttribute("aria-labelledby", `${id}-name`);
    const read = () => (stops ? stops[Number(input.value)][0] : Number(input.value));
    const text = (v) => (stops ? stops[nearestStop(stops, v)][1] : shown(v, spec.format));
    input.addEventListener("input", () => {
      const v = read();
      value.textContent = text(v);
      input.setAttribute("aria-valuetext", text(v));
      set(spec.name, v);
    });
    return {
      row: element("div", { class: "row slider" }, label, input),
      show(v) {
        if (v == null) return;
        const position = stops ? nearestStop(stops, v) : v;
        if (document.activeElement !== input || Number(input.value) !== position) input.value = String(position);
        value.textContent = text(v);
        input.setAttribute("aria-valuetext", text(v));
      },
      bound(max) { input.max = String(max); },
    };
  }

  function select(spec) {
    const id = `control-${spec.name}`;
    const input = element("select", { id, name: spec.name });
    const fillOptions = (options) => {
      input.replaceChildren(...options.map(([v, label]) => element("option", { value: JSON.stringify(v), text: label })));
    };
    fillOptions(spec.options ?? []);
    input.addEventListener("change", () => set(spec.name, JSON.parse(input.value)));
    return {
      row: element("div", { class: "row select" }, element("label", { for: id, text: spec.label }), input),
      show(v) { input.value = JSON.stringify(v); },
      options: fillOptions,
    };
  }

  function radios(spec) {
    const fieldset = element("fieldset", { class: "row radios" }, element("legend", { text: spec.label }));
    const inputs = spec.options.map(([v, label], i) => {
      const id = `control-${spec.name}-${i}`;
      const input = element("input", { type: "radio", id, name: spec.name, value: JSON.stringify(v) });
      input.addEventListener("change", () => { if (input.checked) set(spec.name, v); });
      fieldset.append(element("div", { class: "radio" }, input, element("label", { for: id, text: label })));
      return input;
    });
    return {
      row: fieldset,
      show(v) { inputs.forEach((input) => { input.checked = input.value === JSON.stringify(v); }); },
    };
  }

  function segmented(spec) {
    const group = element("div", { class: "segmented", role: "group", "aria-label": spec.label });
    const buttons = spec.options.map(([v, label]) => {
      const button = element("button", { type: "button", "aria-pressed": "false", text: label });
      button.addEventListener("click", () => set(spec.name, v));
      group.append(button);
      return [v, button];
    });
    return {
      row: element("div", { class: "row" }, element("div", { class: "caption", text: spec.label }), group),
      show(v) { buttons.forEach(([value, button]) => button.setAttribute("aria-pressed", value === v ? "true" : "false")); },
    };
  }

  function number(spec) {
    const id = `control-${spec.name}`;
    const input = element("input", {
      type: "number", id, name: spec.name, min: spec.min, max: spec.max, step: 1, inputmode: "numeric",
    });
    input.addEventListener("change", () => {
      const v = Number(input.value);
      if (input.value.trim() === "" || !Number.isFinite(v)) { send({ restore: true }); return; }
      set(spec.name, v);
    });
    return {
      row: element("div", { class: "number" }, element("label", { for: id, text: spec.label }), input),
      show(v) { input.value = String(v); },
    };
  }

  function checkbox(spec) {
    const id = `control-${spec.name}`;
    const input = element("input", { type: "checkbox", id, name: spec.name });
    input.addEventListener("change", () => set(spec.name, input.checked));
    return {
      row: element("div", { class: "row checkbox" }, input, element("label", { for: id, text: spec.label })),
      show(v) { input.checked = Boolean(v); },
    };
  }

  // A set of names, one box for each: the value is the list of the names ticked.
  function checkboxes(spec) {
    const { fieldset, boxes: inputs } = checkboxGroup(`control-${spec.name}`, spec.label, spec.options);
    const ticked = () => inputs.filter((input) => input.checked).map((input) => input.value);
    inputs.forEach((input) => input.addEventListener("change", () => set(spec.name, ticked())));
    return {
      row: fieldset,
      show(v) { inputs.forEach((input) => { input.checked = (v ?? []).includes(input.value); }); },
    };
  }

  // A line of text the server keeps up to date, e.g. what the plot shows now.
  function note(spec) {
    const text = element("p", { class: "note", role: "status", "aria-live": "polite", "aria-label": spec.label });
    return { row: text, show(v) { text.textContent = String(v); } };
  }

  function upload(spec) {
    const id = `control-${spec.name}`;
    const input = element("input", { type: "file", id, name: spec.name, accept: spec.accept });
    input.addEventListener("change", () => {
      const file = input.files?.[0];
      input.value = "";
      if (file == null) return;
      if (file.size > spec.max_bytes) {
        // Refused here: a file this large is never sent to the server.
        send({ refused_upload: file.size });
        return;
      }
      const reader = new FileReader();
      reader.onload = () => {
        const base64 = String(reader.result).split(",", 2)[1] ?? "";
        send({ upload: base64 });
      };
      reader.readAsDataURL(file);
    });
    return {
      row: element("div", { class: "row upload" }, element("label", { for: id, text: spec.label }), input),
      show() {},
    };
  }

  // The page's language: choosing one loads the page anew in it, with the link's settings.
  function language(spec) {
    const control = select(spec);
    const input = control.row.querySelector("select");
    input.addEventListener("change", () => {
      const address = new URL(window.location.href);
      address.searchParams.set(spec.name, JSON.parse(input.value));
      window.location.assign(address.href);
    });
    return control;
  }

  function download(spec) {
    const button = element("button", { type: "button", class: "action light", text: spec.label });
    button.addEventListener("click", () => send({ download: spec.name }));
    return { row: button, show() {} };
  }

  const builders = {
    action: actionButton, toggle, slider, select, radios, segmented, number, checkbox, checkboxes, note, upload,
    download,
    language, snapshot: snapshotButton, record: recordButton, lesson_link: lessonLinkControl,
    timeline: (spec) => timelineControl(spec, send),
  };

  const message = element("p", { class: "message", role: "status", "aria-live": "polite", hidden: true });

  const sections = [];  // [section element, names of its controls]
  for (const section of model.spec) {
    const body = element("section", { class: "group" });
    sections.push([body, section.controls.map((spec) => spec.name)]);
    if (section.title) body.append(element("h3", { text: section.title }));
    let line = null;
    for (const spec of section.controls) {
      const control = builders[spec.kind](spec);
      controls.set(spec.name, control);
      if (spec.kind === "number") {
        line ??= element("div", { class: "row numbers" });
        line.append(control.row);
        body.append(line);
      } else {
        line = null;
        body.append(control.row);
      }
      if (spec.name === model.message_after) body.append(message);
    }
    root.append(body);
  }

  function showValues() {
    for (const [name, value] of Object.entries(model.values)) controls.get(name)?.show(value);
    // The page's HTML follows some settings, e.g. which loss's formula it shows.
    for (const name of model.page_attributes) document.documentElement.dataset[name] = model.values[name];
  }

  function showHidden() {
    const hidden = new Set(model.hidden);
    for (const [name, control] of controls) control.row.hidden = hidden.has(name);
    // A section all of whose controls are hidden (e.g. by a lesson's link) hides its title too.
    for (const [body, names] of sections) body.hidden = names.every((name) => hidden.has(name));
  }

  function showOptions() {
    for (const [name, options] of Object.entries(model.options)) controls.get(name)?.options?.(options);
    for (const [name, max] of Object.entries(model.maxima)) controls.get(name)?.bound?.(max);
    showValues();
  }

  function showMessage() {
    message.textContent = model.message;
    message.hidden = !model.message;
    message.className = `message ${model.message_is_error ? "error" : "success"}`;
  }

  function save(file) {
    const blob = new Blob([file.text], { type: file.mime });
    const url = URL.createObjectURL(blob);
    const link = element("a", { href: url, download: file.name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  showOptions();
  showHidden();
  showMessage();
  model.on("values", showValues);
  model.on("hidden", showHidden);
  model.on(["options", "maxima"], showOptions);
  model.on(["message", "message_is_error"], showMessage);
  model.on("msg:custom", (msg) => {
    if (msg.restore) showValues();
    if (msg.file) save(msg.file);
  });

  // Keyboard shortcuts for a presenter, listed in the page's #shortcuts dialog: P and ? at any
  // time, the others in presentation mode; never while a control or a text box has the focus.
  const stepStops = model.spec.flatMap((section) => section.controls)
    .find((control) => control.name === "step_size")?.stops ?? [];
  const shortcuts = document.getElementById("shortcuts");
  const showShortcuts = (open) => { if (shortcuts) shortcuts.hidden = !open; };
  window.__presenterKeys?.abort();  // a new render replaces the last one's listeners
  const keys = new AbortController();
  window.__presenterKeys = keys;
  shortcuts?.querySelector("button.close")?.addEventListener("click", () => showShortcuts(false), keys);
  document.addEventListener("present-off", () => set("present", false), keys);
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.composedPath()[0];
    if (target instanceof Element && target.closest("input, select, textarea, button, a")) return;
    const values = model.values;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    let handled = true;
    if (key === "?") showShortcuts(shortcuts?.hidden ?? false);
    else if (key === "Escape" && shortcuts && !shortcuts.hidden) showShortcuts(false);
    else if (key === "p") set("present", !values.present);
    else if (!values.present) handled = false;
    else if (key === " ") send({ action: "single" });
    else if (key === "r") set("running", !values.running);
    else if (key === "z") send({ action: "reset" });
    else if (key === "ArrowUp" || key === "ArrowDown") {
      const next = nearestStop(stepStops, values.step_size) + (key === "ArrowUp" ? 1 : -1);
      if (next >= 0 && next < stepStops.length) set("step_size", stepStops[next][0]);
    } else handled = false;
    if (handled) event.preventDefault();
  }, keys);
  return root;
}
