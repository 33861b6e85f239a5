// Browser side of render/mermaid_browser_test.go: renders every diagram of
// the page with the mermaid npm package, the way a Markdown viewer would
// (securityLevel 'strict'), inserts each SVG into the live document, and
// writes what happened into <pre id="result"> as base64 of UTF-8 JSON, for
// the test to read back from `chromium --dump-dom`.
'use strict';

(function () {
  // Anything the catalog strings manage to run shows up here.
  const fired = [];
  for (const name of ['alert', 'confirm', 'prompt', 'open', 'print']) {
    window[name] = function (...args) {
      fired.push(name + '(' + args.map(String).join(', ') + ')');
    };
  }
  const pageErrors = [];
  window.addEventListener('error', (e) => {
    pageErrors.push(String(e.message || (e.target && e.target.outerHTML) || e));
  }, true);
  window.addEventListener('unhandledrejection', (e) => {
    pageErrors.push('unhandled rejection: ' + String(e.reason && (e.reason.stack || e.reason.message) || e.reason));
  });

  function publish(result) {
    const bytes = new TextEncoder().encode(JSON.stringify(result));
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    document.getElementById('result').textContent = btoa(bin);
  }

  // inspect reports what of the SVG could be markup, script or a link
  // rather than drawing.
  function inspect(root) {
    const tags = new Set();
    const handlers = [];
    const urls = [];
    const alerts = [];
    for (const el of [root, ...root.querySelectorAll('*')]) {
      tags.add(el.localName);
      for (const a of el.attributes) {
        const name = a.name.toLowerCase();
        const value = a.value;
        if (name.startsWith('on')) {
          handlers.push(el.localName + ' ' + a.name + '=' + value);
        }
        if (/^\s*(javascript|data|vbscript):/i.test(value) || ((name === 'href' || name.endsWith(':href') || name === 'src') && value !== '' && !value.startsWith('#'))) {
          urls.push(el.localName + ' ' + a.name + '=' + value);
        }
        if (/alert\s*\(/i.test(value)) {
          alerts.push(el.localName + ' ' + a.name + '=' + value);
        }
      }
    }
    return {
      tags: [...tags].sort(),
      scripts: root.querySelectorAll('script').length,
      handlers,
      urls,
      alertInAttribute: alerts,
      nodes: root.querySelectorAll('g.node').length,
      clusters: root.querySelectorAll('g.cluster').length,
      edges: root.querySelectorAll('path.flowchart-link').length,
      errorDiagram: root.getAttribute('aria-roledescription') === 'error' || root.querySelector('.error-icon') !== null,
    };
  }

  async function run() {
    const result = {done: false, diagrams: [], fired, pageErrors};
    if (typeof mermaid === 'undefined') {
      result.fatal = 'mermaid.min.js did not load';
      result.done = true;
      publish(result);
      return;
    }
    const diagrams = JSON.parse(document.getElementById('diagrams').textContent);
    mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
    const host = document.getElementById('host');
    for (let i = 0; i < diagrams.length; i++) {
      const d = diagrams[i];
      const r = {name: d.name, ok: false};
      const started = performance.now();
      try {
        const {svg} = await mermaid.render('diagram' + i, d.text);
        r.svgBytes = svg.length;
        r.rawScript = /<script/i.test(svg);
        r.rawAlert = /alert\s*\(/i.test(svg.replace(/>[^<]*</g, '><'));
        // Insert the SVG the way a page would, so that any handler it
        // carries gets its chance to fire (an <img onerror> fires at once).
        const box = document.createElement('div');
        box.className = 'rendered';
        box.innerHTML = svg;
        host.appendChild(box);
        const el = box.querySelector('svg');
        if (!el) {
          throw new Error('mermaid.render returned no <svg>');
        }
        Object.assign(r, inspect(el));
        // The text a reader sees, and the style apart: a directive or a
        // setting that took effect would change the style.
        const styles = [...el.querySelectorAll('style')];
        r.style = styles.map((st) => st.textContent).join('\n').split('#' + el.id).join('#DIAGRAM');
        styles.forEach((st) => st.remove());
        r.text = el.textContent.replace(/\s+/g, ' ');
        const title = el.querySelector('.flowchartTitleText');
        r.title = title ? title.textContent.replace(/\s+/g, ' ').trim() : null;
        r.ok = true;
      } catch (e) {
        r.error = String(e && (e.message || e.str) || e);
      }
      r.ms = Math.round(performance.now() - started);
      result.diagrams.push(r);
    }
    // Let handlers of inserted markup (onerror, onload) run before reporting.
    await new Promise((resolve) => setTimeout(resolve, 200));
    result.done = true;
    publish(result);
  }

  run().catch((e) => {
    publish({done: true, fatal: String(e && (e.stack || e.message) || e), diagrams: [], fired, pageErrors});
  });
})();
