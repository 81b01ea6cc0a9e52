// Jenjang's only script besides htmx. No inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";
  function toast(message) {
    var el = document.getElementById("toast");
    if (!el) return;
    el.textContent = message;
    el.hidden = false;
    clearTimeout(el._timer);
    el._timer = setTimeout(function () { el.hidden = true; }, 6000);
  }
  document.addEventListener("htmx:responseError", function (evt) {
    var xhr = evt.detail.xhr;
    var msg = xhr.getResponseHeader("X-Jenjang-Message");
    toast(msg ? decodeURIComponent(msg) : (document.documentElement.lang === "en"
      ? "Something went wrong. Please try again." : "Terjadi kesalahan. Silakan coba lagi."));
  });
  document.addEventListener("htmx:sendError", function () {
    toast(document.documentElement.lang === "en"
      ? "No connection to the server. Your input is kept; try again." : "Tidak terhubung ke server. Isian Anda tetap ada; coba lagi.");
  });
  // hx-boost swaps the body's content, not its attributes: take the CSRF token from the
  // freshest copy in the page (it changes when the session does, at sign-in and sign-out).
  document.addEventListener("htmx:configRequest", function (evt) {
    var holder = document.getElementById("csrf-token");
    if (holder) evt.detail.headers["X-CSRFToken"] = holder.getAttribute("data-token");
  });
  // Confirmation for dangerous buttons: <button data-confirm="...">
  document.addEventListener("click", function (evt) {
    var btn = evt.target.closest("[data-confirm]");
    if (btn && !window.confirm(btn.getAttribute("data-confirm"))) { evt.preventDefault(); evt.stopPropagation(); }
  }, true);
  // Fields for one kind of employee only (data-kind-only="PNS" or "PPPK"), hidden while the
  // form's employment type (select[data-employment-type]) is the other kind. Without the script
  // both show, and the server refuses a value of the wrong kind with a message.
  function syncKindFields(root) {
    (root || document).querySelectorAll("select[data-employment-type]").forEach(function (select) {
      var pppk = select.value !== "PNS";
      select.form.querySelectorAll("[data-kind-only]").forEach(function (el) {
        el.hidden = (el.getAttribute("data-kind-only") === "PPPK") !== pppk;
      });
    });
  }
  document.addEventListener("change", function (evt) {
    if (evt.target.matches && evt.target.matches("select[data-employment-type]")) syncKindFields(evt.target.form);
  });
  document.addEventListener("DOMContentLoaded", function () { syncKindFields(); });
  document.addEventListener("htmx:afterSettle", function () { syncKindFields(); });
  // Move focus to <main> after a boosted navigation, for screen readers and keyboards.
  document.addEventListener("htmx:afterSettle", function (evt) {
    if (evt.detail.boosted) { var m = document.getElementById("main"); if (m) m.focus({ preventScroll: true }); }
  });
})();
