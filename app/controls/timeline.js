// The timeline: a slider back along the run's last steps. Moving it shows the run as it was
// after that step (the server rewinds the trainer); "Continue from here" runs on from the step
// shown, and so does a single update: the run branches there. The slider follows the live text
// "timeline" (app/views/loss_curve.py): {"first", "last", "shown"}, or {} before any step.

function timelineControl(spec, send) {
  const id = `control-${spec.name}`;
  const input = element("input", { type: "range", id, name: spec.name, min: 0, max: 0, step: 1, disabled: true });
  const value = element("span", { class: "value" });
  const label = element("label", { for: id }, element("span", { id: `${id}-name`, text: spec.label }), ": ", value);
  input.setAttribute("aria-labelledby", `${id}-name`);
  const onward = element("button", { type: "button", class: "action light", text: spec.continue, hidden: true });
  let last = 0;


  function show(text) {
    const timeline = text ? JSON.parse(text) : {};
    const empty = timeline.last == null;
    input.disabled = empty || timeline.first === timeline.last;
    value.textContent = empty ? spec.empty : fill(spec.shown, timeline);
    input.setAttribute("aria-valuetext", value.textContent);
    if (empty) { onward.hidden = true; return; }
    input.min = String(timeline.first);
    input.max = String(timeline.last);
    if (document.activeElement !== input) input.value = String(timeline.shown);
    last = timeline.last;
    onward.hidden = timeline.shown >= timeline.last;
  }

  input.addEventListener("input", () => {
    const step = Number(input.value);
    onward.hidden = step >= last;
    send({ rewind: step });
  });
  onward.addEventListener("click", () => send({ action: "continue" }));
  show("");
  window.__live_text?.listen("timeline", show);
  return { row: element("div", { class: "row slider timeline" }, label, input, onward), show() {} };
}
