// A lesson's link: the page's own link (which carries the settings that differ from the
// defaults) with the parts of the page that its students should not see, as hide=lab,data.
// Made in the browser: nothing is sent to the server.

function lessonLinkControl(spec) {
  const id = `control-${spec.name}`;
  const shownHidden = (new URL(window.location.href).searchParams.get("hide") ?? "").split(",");
  const { fieldset, boxes } = checkboxGroup(id, spec.hide, spec.parts, shownHidden);
  const button = element("button", { type: "button", class: "action light", text: spec.label });
  const output = element("input", { type: "text", id, readonly: true, "aria-label": spec.label });
  const status = element("p", { class: "note", role: "status", "aria-live": "polite" });

  function lessonLink() {
    const address = new URL(window.location.href);
    address.searchParams.delete("hide");
    const parts = boxes.filter((box) => box.checked).map((box) => box.value);
    if (parts.length) address.searchParams.set("hide", parts.join(","));
    address.search = address.searchParams.toString().replace(/%2C/g, ",");
    return address.href;
  }

  button.addEventListener("click", () => {
    output.value = lessonLink();
    output.hidden = false;
    const byHand = () => { output.select(); status.textContent = spec.copy_by_hand; };
    if (navigator.clipboard == null) { byHand(); return; }
    navigator.clipboard.writeText(output.value).then(() => { status.textContent = spec.copied; }, byHand);
  });
  output.hidden = true;
  return { row: element("div", { class: "row lesson" }, fieldset, button, output, status), show() {} };
}
