/* Info Finance: runs the code that Wagtail's admin templates and chooser widgets would run from
   inline <script> elements, which the admin's Content-Security-Policy blocks (a widget has no
   request, so it cannot give them the response's nonce). Our overrides
   (infofinance/webheaders/templates/wagtailadmin/…, webheaders/choosers.py) render instead

     <span hidden data-controller="csp-init" data-csp-init-kind-value="…"
           data-csp-init-id-value="…" data-csp-init-options-value="{…}"></span>

   and this Stimulus controller makes the same call when the element appears, whether in the page
   as served or added later (an inline panel's new row, a modal's form). Each element runs once,
   even when the admin moves it (reordering rows disconnects and reconnects it). */
(function () {
  "use strict";
  var wagtail = window.wagtail;
  var Stimulus = window.StimulusModule;
  if (!wagtail || !wagtail.app || !Stimulus) return;

  var CONSTRUCTOR = /^[A-Za-z][A-Za-z0-9]*Chooser$/;
  var done = new WeakSet();
  var kinds = {
    "inline-panel": function (c) { return new window.InlinePanel(c.optionsValue); },
    "multiple-chooser-panel": function (c) { return new window.MultipleChooserPanel(c.optionsValue); },
    date: function (c) { window.initDateChooser(c.idValue, c.optionsValue); },
    time: function (c) { window.initTimeChooser(c.idValue, c.optionsValue); },
    datetime: function (c) { window.initDateTimeChooser(c.idValue, c.optionsValue); },
    // Wagtail's BaseChooser: `new <js_constructor>(id, options)`, a global of its own script.
    chooser: function (c) {
      var name = c.factoryValue;
      if (!CONSTRUCTOR.test(name) || typeof window[name] !== "function") {
        throw new Error("csp-init: no chooser named " + name);
      }
      return new window[name](c.idValue, c.optionsValue);
    },
    "task-chooser": function (c) { window.createTaskChooser(c.idValue); },
  };

  class CspInit extends Stimulus.Controller {
    static values = { kind: String, id: String, options: Object, factory: String };

    connect() {
      if (done.has(this.element)) return;
      done.add(this.element);
      var run = kinds[this.kindValue];
      if (!run) throw new Error("csp-init: unknown kind " + this.kindValue);
      run(this);
    }
  }

  wagtail.app.register("csp-init", CspInit);
})();
