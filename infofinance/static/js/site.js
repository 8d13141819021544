/* Info Finance: relative times, copy-link, the phone's share sheet, Zalo's button on demand,
   the broker directory as you type. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "vi";

  // "2 giờ trước" / "2 hours ago" under a day old, computed here so cached pages stay true
  // (CLDR's patterns, without Intl's data).
  var PAST = {
    vi: { minute: { other: "{0} phút trước" }, hour: { other: "{0} giờ trước" }, now: "vừa xong" },
    en: {
      minute: { one: "{0} minute ago", other: "{0} minutes ago" },
      hour: { one: "{0} hour ago", other: "{0} hours ago" },
      now: "just now"
    }
  }[lang];
  function ago(count, unit) {
    var forms = PAST[unit];
    return ((count === 1 && forms.one) || forms.other).replace("{0}", String(count));
  }
  function relativeTimes(root) {
    if (!PAST) return;
    var now = Date.now();
    root.querySelectorAll("time[data-relative]").forEach(function (el) {
      var seconds = (now - Date.parse(el.getAttribute("datetime"))) / 1000;
      if (!(seconds >= 0 && seconds < 86400)) return;
      var label = seconds < 60 ? PAST.now
        : seconds < 3600 ? ago(Math.floor(seconds / 60), "minute")
        : ago(Math.floor(seconds / 3600), "hour");
      el.setAttribute("data-relative-label", label);
      el.title = el.textContent;
    });
  }
  relativeTimes(document);

  // The phone's menu: without script a link to #site-nav (:target); here a button that says
  // whether it is open, closed by Escape.
  var nav = document.querySelector("[data-site-nav]");
  var navLink = nav && nav.querySelector("[data-nav-toggle]");
  if (navLink) {
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = navLink.className;
    toggle.innerHTML = navLink.innerHTML;
    toggle.setAttribute("aria-controls", navLink.getAttribute("aria-controls"));
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("data-nav-toggle", "");
    navLink.replaceWith(toggle);
    var closer = nav.querySelector("[data-nav-close]");
    if (closer) closer.remove();
    nav.classList.add("site-nav--js");
    var setOpen = function (open) {
      nav.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    };
    setOpen(location.hash === "#site-nav");
    toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) { setOpen(false); toggle.focus(); }
    });
  }

  // Lists every page shows (latest news): fragments cached on their own, fetched in a task of
  // their own; without script the section keeps its link.
  setTimeout(function () {
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
  }, 0);

  // The broker directory narrows as the reader types; the plain form works without this.
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

    // The Clipboard API, else a selected field and the copy command; then a visible message.
    function copyLink(done) {
      var ok = function () { say(status.getAttribute(done)); };
      var fallback = function () {
        var field = document.createElement("textarea"), copied = false;
        field.value = url; field.setAttribute("readonly", ""); field.className = "share__field";
        document.body.appendChild(field); field.select();
        try { copied = document.execCommand("copy"); } catch (e) { /* not copied */ }
        document.body.removeChild(field);
        say(status.getAttribute(copied ? done : "data-copy-failed-text"));
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(ok, fallback);
      else fallback();
    }
    box.querySelector("[data-copy-link]").addEventListener("click", function () { copyLink("data-copied-text"); });

    // The phone's share sheet lists Zalo; without one, the link is copied for Zalo (unless
    // Zalo's own button is there).
    var native = box.querySelector("[data-share-native]");
    if (native && navigator.share) {
      native.textContent = native.getAttribute("data-share-label");
      native.classList.remove("share__link--pending");
      native.addEventListener("click", function () { navigator.share({ title: title, url: url }).catch(function () {}); });
    } else if (native && !box.querySelector("[data-zalo-oaid]")) {
      native.classList.remove("share__link--pending");
      native.addEventListener("click", function () { copyLink("data-zalo-copied-text"); });
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
