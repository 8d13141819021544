/* Info Finance: relative times, copy-link, the phone's share sheet, Zalo's button on demand,
   the broker directory as you type. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "vi";

  // "2 giờ trước" / "2 hours ago" for items under a day old, computed here so cached pages stay true.
  var rtf = window.Intl && Intl.RelativeTimeFormat && new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  function relativeTimes(root) {
    if (!rtf) return;
    var now = Date.now();
    root.querySelectorAll("time[data-relative]").forEach(function (el) {
      var seconds = (now - Date.parse(el.getAttribute("datetime"))) / 1000;
      if (!(seconds >= 0 && seconds < 86400)) return;
      var label = seconds < 60 ? (lang === "vi" ? "vừa xong" : "just now")
        : seconds < 3600 ? rtf.format(-Math.floor(seconds / 60), "minute")
        : rtf.format(-Math.floor(seconds / 3600), "hour");
      el.setAttribute("data-relative-label", label);
      el.title = el.textContent;
    });
  }
  relativeTimes(document);

  // Lists every page shows (latest news) are fragments cached on their own; without script the
  // section keeps its link to the news hub.
  document.querySelectorAll("[data-fragment]").forEach(function (box) {
    if (!window.fetch) return;
    fetch(box.getAttribute("data-fragment"))
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) {
        var body = box.querySelector("[data-fragment-body]");
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var list = holder.firstElementChild;
        if (!list || !body) return;
        var exclude = box.getAttribute("data-exclude");
        list.querySelectorAll("a").forEach(function (a) {
          if (exclude && a.getAttribute("href") === exclude) a.parentNode.remove();
        });
        while (list.children.length > 5) list.lastElementChild.remove();
        relativeTimes(list);
        body.replaceWith(list);
      })
      .catch(function () {});
  });

  // Brokers Hub: the directory narrows as the reader types or changes a filter; the plain form
  // works without this.
  var form = document.querySelector("[data-directory-form]");
  var results = document.getElementById("directory-results");
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    if (window.matchMedia && window.matchMedia("(min-width: 760px)").matches) details.open = true;
  });
  if (form && results && window.fetch && window.URLSearchParams) {
    var timer, controller;
    var refresh = function () {
      var query = new URLSearchParams(new FormData(form)).toString();
      var url = form.getAttribute("action") + (query ? "?" + query : "");
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + (query ? "&" : "?") + "partial=1", controller ? { signal: controller.signal } : {})
        .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
        .then(function (html) { results.innerHTML = html; history.replaceState(null, "", url); })
        .catch(function () {});
    };
    var later = function (delay) { return function () { clearTimeout(timer); timer = setTimeout(refresh, delay); }; };
    form.addEventListener("input", later(250));
    form.addEventListener("change", later(50));
  }

  document.querySelectorAll("[data-share]").forEach(function (box) {
    var url = box.getAttribute("data-url"), title = box.getAttribute("data-title");
    var status = box.querySelector(".share__status");
    function say(text) { status.textContent = ""; setTimeout(function () { status.textContent = text; }, 30); }

    var copy = box.querySelector("[data-copy-link]");
    copy.addEventListener("click", function () {
      var ok = function () { say(status.getAttribute("data-copied-text")); };
      var fail = function () { say(status.getAttribute("data-copy-failed-text")); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(ok, fail);
      } else {
        var field = document.createElement("textarea");
        field.value = url; field.setAttribute("readonly", ""); field.style.position = "absolute"; field.style.left = "-9999px";
        document.body.appendChild(field); field.select();
        try { document.execCommand("copy") ? ok() : fail(); } catch (e) { fail(); }
        document.body.removeChild(field);
      }
    });

    var native = box.querySelector("[data-share-native]");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () { navigator.share({ title: title, url: url }).catch(function () {}); });
    }

    var zalo = box.querySelector("[data-zalo-oaid]");
    if (zalo) {
      zalo.addEventListener("click", function () {
        var holder = document.createElement("div");
        holder.className = "zalo-share-button";
        holder.setAttribute("data-href", url);
        holder.setAttribute("data-oaid", zalo.getAttribute("data-zalo-oaid"));
        holder.setAttribute("data-layout", "1"); holder.setAttribute("data-customize", "false");
        zalo.replaceWith(holder);
        var s = document.createElement("script");
        s.src = "https://sp.zalo.me/plugins/sdk.js"; s.async = true;
        document.body.appendChild(s);
      }, { once: true });
    }
  });
})();
