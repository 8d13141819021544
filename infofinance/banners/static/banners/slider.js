/* The home page's hero slider: its buttons scroll the slides (no automatic rotation). */
document.querySelectorAll(".ad--hero").forEach(function (ad) {
  var list = ad.querySelector(".ad__slides");
  ad.querySelectorAll(".ad__step").forEach(function (b) {
    b.hidden = false;
    b.onclick = function () { list.scrollBy({ left: b.getAttribute("data-step") * list.clientWidth, behavior: "smooth" }); };
  });
});
