/* The door check-in page (templates/events/admin/checkin.html): the camera's frames are read
   with jsQR (vendor/jsQR.js) on a canvas; a code not seen in the last 3 seconds is posted as
   JSON to the page's scan URL with the CSRF token and a new nonce (a retried request checks in
   once). Typed codes go the same way. Without JavaScript the form posts to the page itself. */
(function () {
  "use strict";

  var root = document.querySelector("[data-checkin]");
  if (!root) {
    return;
  }
  var scanUrl = root.getAttribute("data-scan-url");
  var form = root.querySelector("form[data-typed]");
  var input = form.querySelector("input[name=code]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var banner = root.querySelector("[data-banner]");
  var recent = root.querySelector("[data-recent]");
  var camera = root.querySelector("[data-camera]");
  var video = root.querySelector("[data-video]");
  var canvas = root.querySelector("[data-canvas]");
  var cameraState = root.querySelector("[data-camera-state]");
  var startButton = root.querySelector("[data-start-camera]");
  var INTERVAL = 150;
  var REPEAT = 3000;
  var MAX_RECENT = 10;
  var MAX_WIDTH = 640;
  var seen = {};
  var busy = false;
  var timer = null;

  function nonce() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function show(answer) {
    banner.className = "checkin__banner checkin__banner--" + (answer.level || "error");
    banner.setAttribute("data-result", answer.result || "error");
    banner.textContent = answer.message || "";
    if (answer.counts) {
      Object.keys(answer.counts).forEach(function (key) {
        var node = root.querySelector('[data-count="' + key + '"]');
        if (node) {
          node.textContent = String(answer.counts[key]);
        }
      });
    }
    if (answer.row) {
      var none = recent.querySelector("[data-none]");
      if (none) {
        none.remove();
      }
      var item = document.createElement("li");
      item.className = "checkin__scan checkin__scan--" + answer.row.level;
      var time = document.createElement("span");
      time.className = "checkin__time";
      time.textContent = answer.row.time;
      var code = document.createElement("code");
      code.textContent = answer.row.code;
      item.append(time, " ", code, " ", answer.row.label);
      recent.prepend(item);
      while (recent.children.length > MAX_RECENT) {
        recent.lastElementChild.remove();
      }
    }
  }

  function send(code, source) {
    busy = true;
    return fetch(scanUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrf,
      },
      body: JSON.stringify({ code: code, nonce: nonce(), source: source }),
    })
      .then(function (response) {
        return response.json();
      })
      .then(show)
      .catch(function () {
        show({ level: "error", result: "error", message: root.getAttribute("data-network-error") });
      })
      .finally(function () {
        busy = false;
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value.trim();
    if (!code || busy) {
      return;
    }
    send(code, "typed").then(function () {
      input.value = "";
      input.focus();
    });
  });

  function tick() {
    if (busy || video.readyState < video.HAVE_CURRENT_DATA || !video.videoWidth) {
      return;
    }
    var scale = Math.min(1, MAX_WIDTH / video.videoWidth);
    var width = Math.round(video.videoWidth * scale);
    var height = Math.round(video.videoHeight * scale);
    canvas.width = width;
    canvas.height = height;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, width, height);
    var found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height, {
      inversionAttempts: "dontInvert",
    });
    if (!found || !found.data) {
      return;
    }
    var code = found.data.trim();
    var now = Date.now();
    if (!code || (seen[code] && now - seen[code] < REPEAT)) {
      return;
    }
    seen[code] = now;
    send(code, "scan");
  }

  function cameraFailed() {
    camera.hidden = true;
    startButton.hidden = false;
    show({ level: "error", result: "error", message: root.getAttribute("data-camera-error") });
  }

  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
      cameraFailed();
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        camera.hidden = false;
        startButton.hidden = true;
        return video.play();
      })
      .then(function () {
        if (timer === null) {
          timer = window.setInterval(tick, INTERVAL);
        }
      })
      .catch(cameraFailed);
  }

  startButton.addEventListener("click", startCamera);
  startCamera();
})();
