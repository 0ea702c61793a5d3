/* The crew pages' small script: elapsed time that ticks, the signature box, and forms that stay put
   (with what was typed) when the phone has no signal. The pages work without it except for signing. */
(function () {
  "use strict";

  function elapsed(since) {
    var seconds = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 1000));
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    return h + ":" + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
  }

  function tick() {
    document.querySelectorAll("[data-since]").forEach(function (el) { el.textContent = elapsed(el.dataset.since); });
  }

  function signaturePad(canvas) {
    var field = document.getElementById(canvas.dataset.signatureFor);
    var ctx = canvas.getContext("2d"), drawing = false;
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.strokeStyle = "#111";
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true; canvas.setPointerCapture(event.pointerId);
      var p = point(event); ctx.beginPath(); ctx.moveTo(p[0], p[1]); event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = point(event); ctx.lineTo(p[0], p[1]); ctx.stroke(); event.preventDefault();
    });
    function finish() { if (drawing) { drawing = false; field.value = canvas.toDataURL("image/png"); } }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    var clear = document.querySelector("[data-clear-signature='" + canvas.id + "']");
    if (clear) clear.addEventListener("click", function () { ctx.clearRect(0, 0, canvas.width, canvas.height); field.value = ""; });
  }

  // No signal: keep the form as typed and say so, instead of leaving for the browser's error page.
  function holdWhenOffline(event) {
    if (navigator.onLine !== false) return;
    event.preventDefault();
    var form = event.target, note = form.querySelector(".offline-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "form-error offline-note"; note.setAttribute("role", "alert");
      form.prepend(note);
    }
    note.textContent = "Not sent: no signal. What you entered is still here; send it again when you have signal.";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var offset = document.querySelector("[data-utc-offset]");
    if (offset) {
      var minutes = -new Date().getTimezoneOffset(), sign = minutes < 0 ? "-" : "+";
      minutes = Math.abs(minutes);
      offset.value = sign + String(Math.floor(minutes / 60)).padStart(2, "0") + String(minutes % 60).padStart(2, "0");
    }
    if (document.querySelector("[data-since]")) { tick(); setInterval(tick, 1000); }
    document.querySelectorAll("canvas[data-signature-for]").forEach(signaturePad);
    document.querySelectorAll(".field-app form[method=post]").forEach(function (form) {
      form.addEventListener("submit", holdWhenOffline);
    });
  });
})();
