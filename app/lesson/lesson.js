// The guided lesson's panel (app/lesson/panel.py): a button that opens it, or a chapter with
// its question, the student's answer and the verdict of the next step. Text is set as text.

export function render({ model }) {
  const root = element("section", { class: "guide", "aria-label": model.texts.open });
  const send = (message) => model.send_msg(message);

  function button(label, message, extra = {}) {
    const b = element("button", { type: "button", text: label, ...extra });
    b.addEventListener("click", () => send(message));
    return b;
  }

  function draw() {
    const t = model.texts;
    const n = model.chapter;
    // Closed, the lesson is only a button, which a presentation leaves out.
    root.hidden = n === 0 && document.documentElement.dataset.present === "true";
    if (n === 0) {
      root.replaceChildren(button(t.open, { go: 1 }, { class: "open" }));
      return;
    }
    const choices = element("div", { class: "choices", role: "group", "aria-label": t.question });
    for (const [key, label] of model.choices) {
      choices.append(button(label, { answer: key }, { "aria-pressed": String(model.answer === key) }));
    }
    const step = button(t.step, { step: true }, { class: "step", hidden: !model.waiting });
    const verdict = element("p", { class: `verdict ${model.right ? "right" : ""}`, role: "status", "aria-live": "polite",
                                   text: model.verdict });
    const nav = element("div", { class: "nav" },
      button(t.back, { go: n - 1 }, { disabled: n <= 1 }),
      element("span", { class: "progress", text: t.progress }),
      button(t.next, { go: n + 1 }, { disabled: n >= model.count }),
      button(t.close, { go: 0 }, { class: "close" }));
    root.replaceChildren(
      element("h2", { text: t.title }),
      element("p", { class: "text", text: t.text }),
      element("p", { class: "question", text: t.question }),
      choices, verdict, step, nav);
  }

  draw();
  new MutationObserver(draw).observe(document.documentElement, { attributeFilter: ["data-present"] });
  model.on(["chapter", "texts", "choices", "answer", "verdict", "right", "waiting"], draw);
  return root;
}
