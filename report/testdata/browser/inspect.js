// inspect.js describes the page html_browser_test.go opened in Chromium:
// everything in it that could run or fetch something, its sections, the
// numbers it shows and how it lays out. The test evaluates this function
// over the DevTools protocol, which the page's Content-Security-Policy does
// not govern; the page itself has no script.
//
// Options: sections (the ids the report must have, in order), withText (also
// return the text of the whole document).
(function (opts) {
  "use strict";
  const doc = document.documentElement;
  const pageWidth = doc.clientWidth;

  const describe = (el) => {
    let s = el.localName;
    if (el.id) s += "#" + el.id;
    const cls = el.getAttribute("class");
    if (cls) s += "." + cls.trim().split(/\s+/).join(".");
    return s;
  };
  const squash = (s) => (s || "").replace(/\s+/g, " ").trim();
  // A URL as a browser reads it: without whitespace and control characters
  // anywhere (ja\tvascript: still runs), lower case.
  const urlForm = (v) => v.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  const scriptURL = /^(?:javascript|vbscript|livescript):|^data:(?:text\/html|image\/svg|application\/xhtml|text\/xml|application\/xml)/;
  const urlAttributes = new Set(["href", "xlink:href", "src", "srcset", "srcdoc", "action", "formaction",
    "data", "poster", "background", "ping", "codebase", "cite", "longdesc", "manifest", "xml:base", "from", "to", "values", "by"]);

  const tags = {};
  const handlers = [];
  const urls = [];
  const scriptURLs = [];
  const styleURLs = [];
  const metas = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.localName.toLowerCase();
    tags[tag] = (tags[tag] || 0) + 1;
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) handlers.push(describe(el) + " " + a.name + "=" + a.value);
      if (urlAttributes.has(name)) {
        const v = a.value.trim();
        urls.push({ element: describe(el), name: a.name, value: a.value,
          target: v.startsWith("#") && document.getElementById(decodeURIComponent(v.slice(1))) !== null });
      }
      if (scriptURL.test(urlForm(a.value))) scriptURLs.push(describe(el) + " " + a.name + "=" + a.value);
      if (name === "style" && /url\s*\(|expression\s*\(|@import/i.test(a.value)) styleURLs.push(describe(el) + " style=" + a.value);
    }
    if (tag === "meta") {
      metas.push({ httpEquiv: el.getAttribute("http-equiv") || "", name: el.getAttribute("name") || "",
        charset: el.getAttribute("charset") || "", content: el.getAttribute("content") || "",
        inHead: el.parentElement === document.head });
    }
  }
  for (const s of document.querySelectorAll("style")) {
    if (/url\s*\(|@import|expression\s*\(/i.test(s.textContent)) styleURLs.push("<style>: " + s.textContent.slice(0, 200));
  }

  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.display !== "none" && cs.visibility === "visible" &&
      Number(cs.opacity) > 0 && r.left >= 0 && r.right <= pageWidth + 1 && squash(el.textContent) !== "";
  };
  const sections = opts.sections.map((id) => {
    const el = document.getElementById(id);
    if (!el) return { id: id, found: false };
    const h2 = el.querySelector("h2");
    return { id: id, found: true, tag: el.localName, heading: h2 ? squash(h2.textContent) : "",
      headingVisible: h2 ? visible(h2) : false, top: el.getBoundingClientRect().top + window.scrollY,
      navLink: document.querySelector('nav a[href="#' + CSS.escape(id) + '"]') !== null };
  });

  const cards = Array.from(document.querySelectorAll("#summary .card")).map((c) => ({
    ref: squash(c.querySelector(".ref")?.textContent),
    share: squash(c.querySelector(".big")?.textContent),
    what: squash(c.querySelector(".what")?.textContent),
  }));

  const rankTables = Array.from(document.querySelectorAll("#failures table")).map((t) => ({
    header: Array.from(t.querySelectorAll("thead th")).map((th) => squash(th.textContent)),
    rows: Array.from(t.querySelectorAll("tbody tr")).map((tr) => Array.from(tr.cells).map((td) => squash(td.textContent))),
  }));

  // Layout: what sticks out of the page, and what scrolls sideways in its
  // own box (the diagrams may; nothing else should).
  const scrollsInside = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === "auto" || ox === "scroll" || ox === "hidden" || ox === "clip") return true;
    }
    return false;
  };
  const bodyRight = (() => {
    const r = document.body.getBoundingClientRect();
    return r.right - parseFloat(getComputedStyle(document.body).paddingRight);
  })();
  const overflowing = [];
  const sideScrollers = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > bodyRight + 1 && !scrollsInside(el) && !(el.parentElement && el.parentElement.closest("svg"))) {
      overflowing.push({ element: describe(el), right: Math.round(r.right), text: squash(el.textContent).slice(0, 80) });
    }
    const ox = getComputedStyle(el).overflowX;
    if ((ox === "auto" || ox === "scroll") && el.scrollWidth > el.clientWidth + 1) {
      sideScrollers.push({ element: describe(el), scrollWidth: el.scrollWidth, clientWidth: el.clientWidth });
    }
  }

  // Ids: each once in the page, and every reference within a diagram
  // (href="#id", url(#id)) to an element of that diagram.
  const idCount = new Map();
  for (const el of document.querySelectorAll("[id]")) idCount.set(el.id, (idCount.get(el.id) || 0) + 1);
  const duplicateIDs = Array.from(idCount).filter(([, n]) => n > 1).map(([id, n]) => id + " (" + n + " times)");
  const refAttributes = new Set(["fill", "stroke", "clip-path", "mask", "filter", "marker-start", "marker-mid", "marker-end", "style"]);
  const diagrams = document.querySelectorAll(".diagram > svg");
  const strayRefs = [];
  let diagramRefs = 0;
  for (const svg of diagrams) {
    for (const el of svg.querySelectorAll("*")) {
      for (const a of el.attributes) {
        const ids = [];
        const v = a.value.trim();
        if ((a.name === "href" || a.name === "xlink:href") && v.length > 1 && v.startsWith("#")) ids.push(v.slice(1));
        if (refAttributes.has(a.name)) for (const m of a.value.matchAll(/url\(\s*['"]?#([^'")\s]+)/gi)) ids.push(m[1]);
        for (const id of ids) {
          diagramRefs++;
          const target = document.getElementById(decodeURIComponent(id));
          if (!target || !svg.contains(target)) strayRefs.push(describe(el) + " " + a.name + "=" + a.value);
        }
      }
    }
  }

  return {
    url: document.URL,
    title: document.title,
    readyState: document.readyState,
    scripts: document.scripts.length,
    images: document.images.length,
    frames: window.frames.length,
    tags: tags,
    handlers: handlers,
    urls: urls,
    scriptURLs: scriptURLs,
    styleURLs: styleURLs,
    metas: metas,
    ids: idCount.size,
    duplicateIDs: duplicateIDs.slice(0, 20),
    duplicateIDCount: duplicateIDs.length,
    diagrams: diagrams.length,
    diagramRefs: diagramRefs,
    strayRefs: strayRefs.slice(0, 20),
    sections: sections,
    cards: cards,
    rankTables: rankTables,
    layout: { pageWidth: pageWidth, scrollWidth: doc.scrollWidth, height: doc.scrollHeight, bodyRight: Math.round(bodyRight),
      overflowing: overflowing.slice(0, 20), overflowingCount: overflowing.length, sideScrollers: sideScrollers },
    text: opts.withText ? doc.textContent : "",
  };
})
