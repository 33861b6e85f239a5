// blastradius serve: conveniences only. Every page works without this
// script; with it, the search box searches as you type and the scenario
// forms update the page in place, each keeping the page's stable URL.
"use strict";
(function () {
  // swap fetches url and puts the element with the given id from the
  // answer in place of the one on this page.
  // swap replaces the element id with the one of the page at url; signal,
  // if given, aborts it (a search overtaken by the next keystroke).
  async function swap(url, id, push, signal) {
    const res = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin", signal: signal });
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const fresh = doc.getElementById(id);
    const old = document.getElementById(id);
    if (!fresh || !old) {
      window.location.assign(url);
      return;
    }
    old.replaceWith(fresh);
    document.title = doc.title;
    if (push) {
      history.pushState(null, "", res.url);
    }
    wire(fresh);
  }

  function formURL(form) {
    const q = new URLSearchParams(new FormData(form));
    return form.getAttribute("action") + "?" + q.toString();
  }

  function wire(root) {
    root.querySelectorAll("form[data-inplace]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        swap(formURL(form), form.dataset.inplace, true).catch(function () { form.submit(); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wire(document);
    const box = document.querySelector("input[data-live]");
    const target = box && document.getElementById(box.dataset.live);
    if (box && target) {
      let timer = 0;
      let pending = null; // the search in flight, cancelled by the next one
      box.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          if (pending) { pending.abort(); }
          pending = new AbortController();
          const url = "/?" + new URLSearchParams({ q: box.value }).toString();
          swap(url, box.dataset.live, false, pending.signal).catch(function () {});
        }, 150);
      });
    }
    window.addEventListener("popstate", function () { window.location.reload(); });
  });
})();
