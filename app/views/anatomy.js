// The anatomy of one point: a picker (number box, previous, next, clear), the classes' scores
// on one number line with the margin, each term of the loss as a bar, and their sum L_i.
// What to draw comes as the JSON of model.shown (app/views/anatomy.py); every text is set
// as text.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 400;
const SIDE = 22;  // room left and right of the number line
const LINE_Y = 62;  // the number line's height in the drawing

function svg(tag, attributes = {}, text = null) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  if (text != null) el.textContent = text;
  return el;
}

// About five round steps over [low, high]: 0.1, 0.2, 0.5, 1, 2, 5, ...
function tickStep(span) {
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

export function render({ model }) {
  const labels = model.labels;
  const input = element("input", {
    type: "number", min: "1", step: "1", inputmode: "numeric", name: "anatomy_point",
  });
  const previous = element("button", { type: "button", name: "anatomy_previous", text: labels.previous });
  const next = element("button", { type: "button", name: "anatomy_next", text: labels.next });
  const clear = element("button", { type: "button", name: "anatomy_clear", text: labels.clear });
  const picker = element("div", { class: "picker" },
    element("label", {}, element("span", { text: labels.point }), input), previous, next, clear);
  const which = element("p", { class: "which", role: "status", "aria-live": "polite" });
  const drawing = svg("svg", { class: "line", viewBox: `0 0 ${WIDTH} 110`, role: "img" });
  const marginNote = element("p", { class: "note" });
  const termsTitle = element("p", { class: "terms-title" });
  const bars = element("div", { class: "bars" });
  const total = element("b", { class: "total" });
  const tableNote = element("span", { class: "table-note" });
  const sum = element("p", { class: "sum" }, `${labels.sum} `, total, tableNote);
  const calm = element("p", { class: "calm", text: labels.calm });
  const body = element("div", { class: "body" }, drawing, marginNote, termsTitle, bars, sum, calm);

  let shown = null;

  function pick(index) {
    model.send_msg({ point: index });
  }
  input.addEventListener("change", () => {
    const number = Number(input.value);
    if (Number.isInteger(number) && number >= 1 && number <= model.points) pick(number - 1);
    else if (input.value === "") pick(null);
    else showPicker();
  });
  previous.addEventListener("click", () => {
    const at = shown ? shown.point : 0;
    pick((at - 1 + model.points) % model.points);
  });
  next.addEventListener("click", () => pick(shown ? (shown.point + 1) % model.points : 0));
  clear.addEventListener("click", () => pick(null));

  function showPicker() {
    input.max = String(model.points);
    if (document.activeElement !== input || !shown) input.value = shown ? String(shown.point + 1) : "";
    clear.disabled = !shown;
    const text = shown
      ? fill(labels.which, { i: shown.point + 1, k: shown.label, symbol: model.symbols[shown.label] })
      : labels.how;
    if (which.textContent !== text) which.textContent = text;
  }

  function drawLine(data) {
    const { label, margin, loss } = data;
    const scores = data.scores.map(Number);
    const own = scores[label];
    const marks = [...scores];
    if (loss === "ww" || loss === "structured") marks.push(own - margin);
    if (loss === "ova") marks.push(-margin, margin);
    let low = Math.min(...marks);
    let high = Math.max(...marks);
    const pad = Math.max(0.08 * (high - low), 0.25);
    low -= pad;
    high += pad;
    const x = (v) => SIDE + ((v - low) / (high - low)) * (WIDTH - 2 * SIDE);
    const children = [];
    if (loss === "ww" || loss === "structured") {
      // Where a rival's score costs: above s_y - Δ.
      const from = x(own - margin);
      children.push(svg("rect", { x: from, y: LINE_Y - 7, width: WIDTH - SIDE - from, height: 14,
                                  class: "costly" }));
      const bracketY = LINE_Y + 30;
      children.push(svg("path", { class: "bracket",
        d: `M${from},${bracketY - 5}V${bracketY}H${x(own)}V${bracketY - 5}` }));
      children.push(svg("text", { x: (from + x(own)) / 2, y: bracketY + 14, class: "margin" }, "Δ = 1"));
    }
    if (loss === "ova") {
      for (const value of [-margin, margin]) {
        children.push(svg("line", { x1: x(value), x2: x(value), y1: LINE_Y - 12, y2: LINE_Y + 26,
                                    class: "limit" }));
        children.push(svg("text", { x: x(value), y: LINE_Y + 38, class: "margin" },
                          value > 0 ? "+1" : "−1"));
      }
    }
    children.push(svg("line", { x1: SIDE - 10, x2: WIDTH - SIDE + 10, y1: LINE_Y, y2: LINE_Y, class: "axis" }));
    const step = tickStep(high - low);
    for (let t = Math.ceil(low / step) * step; t <= high; t += step) {
      const at = x(t);
      const value = Math.abs(t) < step / 1e6 ? 0 : t;
      if (loss === "ova" && Math.abs(Math.abs(value) - margin) < step / 1e6) continue;  // marked below
      children.push(svg("line", { x1: at, x2: at, y1: LINE_Y, y2: LINE_Y + 5, class: "tick" }));
      children.push(svg("text", { x: at, y: LINE_Y + 17, class: "tick" }, String(+value.toFixed(6))));
    }
    // Each class's score: its marker on the line, its value above, lifted where they crowd.
    const order = scores.map((s, k) => k).sort((a, b) => scores[a] - scores[b]);
    const lastAt = [];
    for (const k of order) {
      const at = x(scores[k]);
      let level = 0;
      while (level < 3 && lastAt[level] !== undefined && at - lastAt[level] < 74) level += 1;
      level = Math.min(level, 2);
      lastAt[level] = at;
      const textY = LINE_Y - 16 - 16 * level;
      children.push(svg("line", { x1: at, x2: at, y1: textY + 3, y2: LINE_Y - 7, class: "leader" }));
      const name = k === label ? `s${k} = ${data.scores[k]} (y)` : `s${k} = ${data.scores[k]}`;
      children.push(svg("text", { x: at, y: textY, class: k === label ? "score own" : "score",
                                  fill: model.colors[k] }, name));
      children.push(svg("text", { x: at, y: LINE_Y + 6, class: k === label ? "marker own" : "marker",
                                  fill: model.colors[k] }, model.symbols[k]));
    }
    drawing.setAttribute("aria-label", labels.scores);
    drawing.replaceChildren(svg("title", {}, labels.scores), ...children);
  }

  // The bars' rows, built again only when the classes, the label or the loss change; each
  // frame then sets their widths and texts.
  let barsFor = "";
  let barRows = [];

  function buildBars(data) {
    const { label, loss } = data;
    barRows = data.hinges.map((_, k) => {
      const own = k === label;
      const swatch = element("span", { class: "swatch", "aria-hidden": "true", text: model.symbols[k] });
      swatch.style.color = model.colors[k];
      const name = element("span", { class: "class" }, swatch, `${k}${own ? ` ${labels.correct}` : ""}`);
      const bar = element("span", { class: "bar" });
      bar.style.background = model.colors[k];
      const value = element("span", { class: "value" });
      bars.append(element("div", { class: "row" }, name, element("span", { class: "track" }, bar), value));
      return { bar, value, skipped: (loss === "ww" || loss === "structured") && own };
    });
  }

  function drawBars(data) {
    const { loss, counted } = data;
    const key = `${data.hinges.length} ${data.label} ${loss} ${model.colors}`;
    if (key !== barsFor) {
      barsFor = key;
      bars.replaceChildren();
      buildBars(data);
    }
    const hinges = data.hinges.map(Number);
    const top = loss === "softmax" ? 1 : Math.max(1, ...hinges);
    barRows.forEach(({ bar, value, skipped }, k) => {
      bar.style.width = `${skipped ? 0 : (100 * hinges[k]) / top}%`;
      bar.classList.toggle("faded", Boolean(counted && !counted[k]));
      const note = counted && counted[k] ? ` ${labels.largest}` : "";
      const text = skipped ? "—" : `${data.hinges[k]}${note}`;
      if (value.textContent !== text) value.textContent = text;
    });
  }

  function show() {
    shown = model.shown ? JSON.parse(model.shown) : null;
    showPicker();
    body.hidden = !shown;
    if (!shown) return;
    drawLine(shown);
    const notes = { ww: labels.margin, structured: labels.margin, ova: labels.ova_margin,
                    softmax: labels.no_margin };
    marginNote.textContent = notes[shown.loss];
    const titles = { ww: labels.terms_hinge, structured: labels.terms_structured,
                     ova: labels.terms_ova, softmax: labels.terms_softmax };
    termsTitle.textContent = titles[shown.loss];
    drawBars(shown);
    total.textContent = shown.total;
    tableNote.textContent = ` ${fill(labels.table, { i: shown.point + 1 })}`;
    calm.hidden = !shown.calm;
  }

  show();
  model.on("shown", show);
  model.on(["points", "colors"], show);
  return element("div", { class: "anatomy" }, picker, which, body);
}
