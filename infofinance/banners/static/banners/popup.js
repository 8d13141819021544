/* The banners' pop-up: never on the first page of a visit, at most once a day in this
   browser (session and local storage, nothing sent), on an article on a phone only once the
   reader has scrolled past the first screen; a modal <dialog> (Esc closes it). */
(function () {
  "use strict";
  var dialog = document.querySelector("dialog.ad"), s, l;
  try { s = sessionStorage; l = localStorage; } catch (e) { return; }
  var day = new Date().toDateString(), pages = +s.getItem("if-ad-pages") + 1;
  s.setItem("if-ad-pages", pages);
  if (!dialog || pages < 2 || l.getItem("if-ad-popup") == day) return;
  var close = dialog.querySelector(".ad__close");
  function open() {
    if (l.getItem("if-ad-popup") == day) return;
    l.setItem("if-ad-popup", day);
    window.ifAds(dialog).then(function () {
      dialog.showModal();
      close.focus();
    });
  }
  close.onclick = function () { dialog.close(); };
  dialog.onclick = function (e) { if (e.target == dialog) dialog.close(); };
  if (matchMedia("(max-width: 767px)").matches && document.body.classList.contains("page-article")) {
    addEventListener("scroll", function wait() {
      if (scrollY > innerHeight) removeEventListener("scroll", wait), open();
    }, { passive: true });
  } else {
    setTimeout(open, 2000);
  }
})();
