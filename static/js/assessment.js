/* The assessor's answers: saved at once, and kept on the phone while there is no connection.
 *
 * Every change of the answer form ([data-assessment-form]) is written to localStorage (one key
 * per mobility and outcome) before it is posted. The server answers with the answer's part of
 * the form ([data-answer-part]: "Saved at 10:42", field errors, or a conflict with the other
 * person's answer), which replaces the part shown — unless the assessor has changed something
 * since, whose own change is then sent next. When the post fails (no connection, a server
 * error), the kept copy stays and is sent again on the `online` event, on a timer and on the
 * next page load of the mobility's assessment pages. A kept copy goes once it is saved; one
 * the server refuses (invalid, or someone else changed the answer) is never sent again
 * blindly: the assessor sees why on the outcome's page.
 */
(function () {
  "use strict";

  var PREFIX = "ecvet-assessment:";
  var RETRY_MS = 10000;
  var retryTimer = null;

  // --- the kept copies ----------------------------------------------------------------------

  function read(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function write(key, entry) {
    try {
      window.localStorage.setItem(key, JSON.stringify(entry));
    } catch (error) {
      /* Storage full or disabled: the answer is still posted, only not kept. */
    }
  }

  function remove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      /* nothing kept */
    }
  }

  function keysOf(mobility) {
    var keys = [];
    var start = PREFIX + mobility + ":";
    for (var i = 0; i < window.localStorage.length; i += 1) {
      var key = window.localStorage.key(i);
      if (key && key.indexOf(start) === 0) keys.push(key);
    }
    return keys;
  }

  // --- the form -----------------------------------------------------------------------------

  /* The answer's fields as name → value; the evidence file and its note travel only with
     "Add the file", and the CSRF token is the page's own. */
  function answerOf(form) {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name.indexOf("evidence-") === 0) return;
      data[name] = String(value);
    });
    return data;
  }

  function withoutRevision(data) {
    var copy = {};
    Object.keys(data).sort().forEach(function (name) {
      if (name !== "revision") copy[name] = data[name];
    });
    return JSON.stringify(copy);
  }

  function restore(form, data) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-answer-part] [name]"), function (field) {
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = data[field.name] === field.value;
      } else if (field.name in data) {
        field.value = data[field.name];
      }
    });
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function post(url, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (name) {
      body.append(name, data[name]);
    });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() },
    }).then(function (response) {
      if (response.status >= 500) throw new Error("server error " + response.status);
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var part = doc.querySelector("[data-answer-part]");
        // Anything else (a login page after the session ended) is not an answer.
        if (!part) throw new Error("unexpected reply");
        return { status: response.status, part: part };
      });
    });
  }

  function note(form, text) {
    var box = document.querySelector("[data-kept-note]");
    if (!box) return;
    box.textContent = text || "";
    box.hidden = !text;
  }

  function scheduleRetry() {
    if (retryTimer === null) retryTimer = window.setTimeout(retryAll, RETRY_MS);
  }

  // --- saving the answer on this page -------------------------------------------------------

  function keepChange(form) {
    write(form.dataset.storageKey, {
      url: form.action,
      label: form.dataset.label,
      data: answerOf(form),
      at: Date.now(),
    });
  }

  function send(form, then) {
    var state = form.assessmentState;
    var key = form.dataset.storageKey;
    if (then) state.then = then;
    if (state.busy) {
      state.again = true;
      return;
    }
    var entry = read(key);
    if (!entry) {
      // Nothing left to save.
      then = state.then;
      state.then = null;
      if (then) then();
      return;
    }
    state.busy = true;
    state.again = false;
    var sent = JSON.stringify(entry.data);
    var status = form.querySelector("[data-save-status]");
    if (status) status.textContent = form.dataset.textSending;
    post(form.action, entry.data).then(
      function (reply) {
        state.busy = false;
        var unchanged = JSON.stringify(answerOf(form)) === sent;
        var revision = reply.part.querySelector("[name=revision]");
        if (reply.status === 200) {
          var now = read(key);
          if (now && JSON.stringify(now.data) === sent) {
            remove(key);
          } else if (now && revision) {
            // Changed meanwhile: that change is sent next, on top of what was just saved.
            now.data.revision = revision.value;
            write(key, now);
            form.querySelector("[data-answer-part] [name=revision]").value = revision.value;
          }
          note(form, "");
        } else if (reply.status === 409 || reply.status === 403) {
          // Someone else's answer (or a refusal): shown, never sent over blindly.
          remove(key);
          unchanged = true;
        } else {
          // Invalid: kept (a reload does not lose it) but not sent again until changed.
          var held = read(key);
          if (held && JSON.stringify(held.data) === sent) {
            held.held = true;
            write(key, held);
          }
        }
        if (unchanged) {
          form.querySelector("[data-answer-part]").replaceWith(document.adoptNode(reply.part));
        } else if (status) {
          status.textContent = "";
        }
        // "Save and go on" waits for the last change to be saved, and only for a save.
        var then = state.then;
        state.then = null;
        if (state.again) send(form, then);
        else if (then && reply.status === 200) then();
      },
      function () {
        state.busy = false;
        state.then = null;
        if (status) status.textContent = "";
        note(form, form.dataset.textKept);
        scheduleRetry();
      }
    );
  }

  function setUp(form) {
    form.assessmentState = { busy: false, again: false, then: null };
    var key = form.dataset.storageKey;
    var kept = read(key);
    if (kept) {
      if (withoutRevision(kept.data) === withoutRevision(answerOf(form))) {
        remove(key); // what was kept is what the server already holds
      } else {
        restore(form, kept.data);
        note(form, form.dataset.textRestored);
        kept.held = false;
        write(key, kept);
        send(form);
      }
    }
    function changed(event) {
      if (event.target.closest("[data-evidence-fields]")) return;
      keepChange(form);
      if (event.type === "change") send(form);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (button && button.hasAttribute("data-evidence-submit")) {
        if (!navigator.onLine) {
          event.preventDefault();
          note(form, form.dataset.textFileOffline);
        }
        return; // the file goes with the answer as a normal post
      }
      event.preventDefault();
      keepChange(form);
      send(form, function () {
        window.location.assign(form.dataset.nextUrl);
      });
    });
  }

  // --- answers kept for the mobility's other outcomes ---------------------------------------

  function flushOthers(mobility, except) {
    var box = document.querySelector("[data-kept-elsewhere]");
    var waiting = keysOf(mobility).filter(function (key) {
      return key !== except;
    });
    var pending = [];
    var sentAny = false;
    var jobs = waiting.map(function (key) {
      var entry = read(key);
      if (!entry || entry.held) {
        if (entry) pending.push(entry);
        return Promise.resolve();
      }
      return post(entry.url, entry.data).then(
        function (reply) {
          if (reply.status === 200) {
            remove(key);
            sentAny = true;
          } else {
            entry.held = true; // the assessor sees why on that outcome's page
            write(key, entry);
            pending.push(entry);
          }
        },
        function () {
          pending.push(entry);
          scheduleRetry();
        }
      );
    });
    return Promise.all(jobs).then(function () {
      if (!box) return sentAny;
      box.textContent = "";
      box.hidden = pending.length === 0;
      if (pending.length) {
        box.className = "alert alert-warning small";
        box.append(box.dataset.text);
        pending.forEach(function (entry) {
          var link = document.createElement("a");
          link.href = entry.url;
          link.className = "d-block";
          link.textContent = entry.label || entry.url;
          box.append(link);
        });
      }
      return sentAny;
    });
  }

  function retryAll() {
    retryTimer = null;
    var form = document.querySelector("[data-assessment-form]");
    if (form) {
      var entry = read(form.dataset.storageKey);
      if (entry && !entry.held) send(form);
      flushOthers(form.dataset.mobility, form.dataset.storageKey);
      return;
    }
    var page = document.querySelector("[data-assessment-page]");
    if (page) {
      flushOthers(page.dataset.mobility, null).then(function (sentAny) {
        if (sentAny) window.location.reload(); // show the answers just saved
      });
    }
  }

  function start() {
    var form = document.querySelector("[data-assessment-form]");
    if (form) {
      setUp(form);
      flushOthers(form.dataset.mobility, form.dataset.storageKey);
    } else {
      retryAll();
    }
    window.addEventListener("online", retryAll);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
