// A clip to keep: the main plot saved as a PNG, or recorded while it animates as a WebM video.
// Both run in the browser alone: BokehJS draws the plot on canvases, and a view's export()
// (what Bokeh's own save tool uses) gives them as one canvas. A recording copies that canvas
// into one of its own at every animation frame, whose captureStream() feeds a MediaRecorder.

const CLIP_PLOT = "main_plot";
const CLIP_FRAMES_PER_SECOND = 30;
// A recording stops by itself after this long, so that a forgotten one does not fill memory.
const CLIP_LONGEST_S = 60;

function clipPlotView() {
  return window.__viewNamed?.(CLIP_PLOT) ?? null;
}

function clipDownload(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = element("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// "Save PNG": the plot as it is now.
function snapshotButton(spec) {
  const button = element("button", { type: "button", class: "action light", text: spec.label });
  button.addEventListener("click", () => {
    const view = clipPlotView();
    if (view == null) return;
    view.export("png").to_blob().then((blob) => clipDownload(blob, spec.name));
  });
  return { row: button, show() {} };
}

// "Record" and "Stop": the plot as it changes, as a video.
function recordButton(spec) {
  const button = element("button", { type: "button", class: "action light", "aria-pressed": "false", text: spec.label });
  const status = element("p", { class: "note", role: "status", "aria-live": "polite" });
  let recording = null;

  function stop() {
    if (recording == null) return;
    cancelAnimationFrame(recording.frame);
    clearInterval(recording.clock);
    recording.recorder.stop();
    recording = null;
    button.textContent = spec.label;
    button.setAttribute("aria-pressed", "false");
  }

  function start() {
    const view = clipPlotView();
    if (view == null || typeof MediaRecorder === "undefined") {
      status.textContent = spec.unsupported;
      return;
    }
    const first = view.export("png", false).canvas;
    const canvas = element("canvas", { width: first.width, height: first.height });
    const context = canvas.getContext("2d");
    const copy = () => {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(view.export("png", false).canvas, 0, 0);
    };
    copy();
    const type = ["video/webm;codecs=vp9", "video/webm;codecs=vp8", "video/webm"]
      .find((candidate) => MediaRecorder.isTypeSupported(candidate));
    const recorder = new MediaRecorder(canvas.captureStream(CLIP_FRAMES_PER_SECOND), type ? { mimeType: type } : {});
    const chunks = [];
    recorder.addEventListener("dataavailable", (event) => { if (event.data.size > 0) chunks.push(event.data); });
    recorder.addEventListener("stop", () => {
      clipDownload(new Blob(chunks, { type: "video/webm" }), spec.name);
      status.textContent = fill(spec.saved, { name: spec.name });
    });
    const began = performance.now();
    const tick = () => {
      copy();
      recording.frame = requestAnimationFrame(tick);
    };
    recording = { recorder, frame: 0, clock: 0 };
    recording.frame = requestAnimationFrame(tick);
    recording.clock = setInterval(() => {
      const seconds = Math.floor((performance.now() - began) / 1000);
      status.textContent = fill(spec.elapsed, { seconds });
      if (seconds >= CLIP_LONGEST_S) stop();
    }, 250);
    recorder.start(500);
    button.textContent = spec.label_on;
    button.setAttribute("aria-pressed", "true");
    status.textContent = fill(spec.elapsed, { seconds: 0 });
  }

  button.addEventListener("click", () => (recording == null ? start() : stop()));
  return { row: element("div", { class: "row record" }, button, status), show() {} };
}
