// "Show in my time zone": the page is cached once for everyone in Vietnam time; on request,
// every <time data-local-time> is rewritten in the browser's own zone (Intl.DateTimeFormat).
(function () {
  var buttons = document.querySelectorAll("[data-local-times]");
  if (!buttons.length || !window.Intl) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var lang = document.documentElement.lang || "vi";
  var clock = { hour: "numeric", minute: "2-digit", timeZoneName: "short" };
  var dated = { weekday: "short", day: "numeric", month: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
  function convert() {
    var short = new Intl.DateTimeFormat(lang, clock), long = new Intl.DateTimeFormat(lang, dated);
    var today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" });
    var mine = new Intl.DateTimeFormat("en-CA");
    document.querySelectorAll("time[data-local-time]").forEach(function (node) {
      var when = new Date(node.dateTime);
      if (isNaN(when)) return;
      var otherDay = today.format(when) !== mine.format(when);
      node.title = node.textContent;
      node.textContent = (otherDay || node.hasAttribute("data-with-date") ? long : short).format(when);
    });
    buttons.forEach(function (button) {
      button.textContent = button.getAttribute("data-done") + " (" + zone + ")";
      button.setAttribute("aria-pressed", "true");
      button.disabled = true;
    });
    document.querySelectorAll("[data-zone-note]").forEach(function (note) { note.hidden = true; });
  }
  buttons.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", convert);
  });
})();
