/* Banners (infofinance.banners). A page carries only its reserved boxes, each naming the
   banners it may show (data-ads); their images and links come from one cached JSON per
   language (this script's data-live; its data-views takes the impressions). The browser shows
   one per slot of a box, drawn by weight. A viewable impression is half the banner in view for
   a second; impressions go to the server in batches (a beacon, no cookie) when the page is
   hidden or half a second after the last. The hero's slides are in the page (slider.js adds
   its buttons); popup.js opens the pop-up through window.ifAds. */
(function () {
  "use strict";
  var doc = document, queue = [], timer, live, me = doc.currentScript.dataset, url = me.views;
  function pick(pool, n) {
    var out = [];
    while (pool.length && out.length < n) {
      var total = 0, i = 0, r;
      pool.forEach(function (b) { total += b.w; });
      for (r = Math.random() * total; i < pool.length - 1 && (r -= pool[i].w) >= 0; i++);
      out.push(pool.splice(i, 1)[0]);
    }
    return out;
  }
  function send() {
    timer = 0;
    if (!queue.length) return;
    var body = new URLSearchParams();
    queue.splice(0).forEach(function (v) { body.append("v", v); });
    navigator.sendBeacon(url, body);
  }
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      var a = e.target;
      if (e.intersectionRatio < 0.5) return clearTimeout(a.t), (a.t = 0);
      a.t = a.t || setTimeout(function () {
        seen.unobserve(a);
        queue.push(a.dataset.view);
        timer = timer || setTimeout(send, 500);
      }, 1000);
    });
  }, { threshold: [0, 0.5] });
  function watch(ad) {
    ad.querySelectorAll("a[data-view]").forEach(function (a) { seen.observe(a); });
  }
  function show(ad, banners) {
    var boxes = ad.querySelectorAll(".ad__box");
    var pool = ad.dataset.ads.split(" ").map(function (id) { return banners[id]; }).filter(Boolean);
    pick(pool, boxes.length).forEach(function (b, i) {
      boxes[i].innerHTML = '<a class="ad__link" rel="sponsored noopener"><picture>' +
        (b.m ? '<source media="(max-width: 767px)">' : "") + "<img></picture></a>";
      var a = boxes[i].firstChild, img = a.querySelector("img");
      a.href = b.h;
      a.dataset.view = b.v;
      if (b.m) a.querySelector("source").srcset = b.m;
      img.srcset = b.d;
      img.alt = b.a;
    });
    watch(ad);
  }
  window.ifAds = function (ad) {
    live = live || fetch(me.live, { credentials: "omit" }).then(function (r) { return r.json(); });
    return live.then(function (data) { show(ad, data.b); });
  };
  doc.querySelectorAll(".ad").forEach(function (ad) {
    if (!ad.dataset.ads) watch(ad);
    else if (ad.tagName != "DIALOG") window.ifAds(ad);
  });
  doc.addEventListener("visibilitychange", function () { if (doc.hidden) send(); });
})();
