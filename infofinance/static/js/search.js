// As-you-type suggestions for the header's search box: brokers and articles from
// /tim-kiem/goi-y/ (/en/search/suggest/). Without JavaScript the form simply submits.
(function () {
  var form = document.querySelector("form[data-suggest]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var list = document.createElement("ul");
  list.className = "search-suggest";
  list.id = "site-search-suggest";
  list.hidden = true;
  list.setAttribute("aria-label", form.getAttribute("data-suggest-label"));
  form.appendChild(list);
  input.setAttribute("aria-controls", list.id);
  var timer, last = "";
  function close() { list.hidden = true; }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q.length < 2) { close(); last = ""; return; }
      if (q === last) return;
      last = q;
      fetch(form.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || input.value.trim() !== q) return;
          list.textContent = "";
          data.brokers.concat(data.articles).forEach(function (item) {
            var li = document.createElement("li"), a = document.createElement("a");
            a.href = item.url;
            a.textContent = item.name || item.title;
            li.className = item.name ? "search-suggest__broker" : "search-suggest__article";
            li.appendChild(a);
            list.appendChild(li);
          });
          list.hidden = !list.children.length;
        })
        .catch(close);
    }, 150);
  });
  input.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
})();
