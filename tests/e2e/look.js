// What a person sees, measured in the page (tests/e2e/test_look.py).
// Returns {overflow, offscreen[], styles[], missing[]} for the KEY components given.
(key) => {
  const width = document.documentElement.clientWidth;
  const out = {overflow: document.documentElement.scrollWidth - width, offscreen: [], styles: [], missing: []};

  // Elements that stick out of the viewport sideways, unless a box of their own scrolls or clips
  // them (a wide table in .table-scroll), or they are hidden on purpose (skip link, visually-hidden).
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.skip-link, .visually-hidden, [hidden], .leaflet-container, svg')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.left < -1 || r.right > width + 1) && !clipped(el)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
      out.offscreen.push(`${name} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      if (out.offscreen.length > 5) break;
    }
  }

  // The stylesheet's rules in force at this width, in order (the CSSOM: an unclosed block shows
  // as the browser parsed it). A declaration may come from a shorthand (background, border-top).
  const SHORTHAND = {'background-color': 'background', 'border-top-color': 'border-top'};
  const rules = [];
  const walk = (list) => {
    for (const rule of list) {
      if (rule.media) { if (matchMedia(rule.media.mediaText).matches) walk(rule.cssRules); continue; }
      if (rule.selectorText) rules.push(rule);
    }
  };
  for (const sheet of document.styleSheets) {
    if (sheet.href && sheet.href.includes('/static/css/')) walk(sheet.cssRules);
  }
  const valueOf = (rule, property) => {
    const v = rule.style.getPropertyValue(property);
    if (v) return [property, v.trim()];
    const sh = SHORTHAND[property];
    return sh && rule.style.getPropertyValue(sh) ? [sh, rule.style.getPropertyValue(sh).trim()] : null;
  };
  const specificity = (sel) => {
    const s = sel.replace(/::?(before|after|marker|placeholder)\b/g, '');
    const a = (s.match(/#[\w-]+/g) || []).length;
    const b = (s.match(/\.[\w-]+|\[[^\]]*\]|:(?!not\()[\w-]+/g) || []).length;
    const c = (s.replace(/\[[^\]]*\]/g, '').match(/(^|[\s>+~(])[a-zA-Z][\w-]*/g) || []).length;
    return a * 10000 + b * 100 + c;
  };
  // The winning declaration of ``property`` for ``el``: highest specificity, then last.
  const winner = (el, property) => {
    let best = null;
    rules.forEach((rule, order) => {
      const decl = valueOf(rule, property);
      if (!decl) return;
      for (const part of rule.selectorText.split(',').map((x) => x.trim())) {
        let hit = false;
        try { hit = el.matches(part); } catch (e) { hit = false; }
        if (!hit) continue;
        const key = [specificity(part), order];
        if (!best || key[0] > best.key[0] || (key[0] === best.key[0] && key[1] >= best.key[1])) {
          best = {selector: part, decl, key};
        }
      }
    });
    return best;
  };
  // The computed form of a declared value, got by giving it to a probe element beside ``el``.
  const resolve = (el, [name, value], property) => {
    const probe = document.createElement('span');
    const host = el.parentElement instanceof HTMLElement ? el.parentElement : document.body;
    host.appendChild(probe);
    probe.style.setProperty(name, value);
    const got = getComputedStyle(probe).getPropertyValue(property);
    probe.remove();
    return got;
  };
  for (const [selector, property] of key) {
    const els = [...document.querySelectorAll(selector)].filter((e) => e.getClientRects().length);
    if (!els.length) continue;
    if (!rules.some((rule) => rule.selectorText.split(',').map((x) => x.trim()).includes(selector)
                           && valueOf(rule, property))) {
      out.missing.push(`${selector} { ${property} } is declared nowhere at ${width} px`);
      continue;
    }
    // Elements a more specific rule restyles on purpose (.error-summary h2) are that rule's business.
    for (const el of els) {
      const win = winner(el, property);
      if (!win || win.selector !== selector) continue;
      out.styles.push({selector, property, declared: win.decl[1], want: resolve(el, win.decl, property),
                       got: getComputedStyle(el).getPropertyValue(property)});
      if (out.styles.filter((x) => x.selector === selector).length >= 3) break;
    }
  }
  // Chart labels as drawn: their font size times the SVG's scale (viewBox to screen).
  out.chartLabels = [...document.querySelectorAll('svg.chart .chart-label')].slice(0, 3).map((t) => {
    const svg = t.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(t).fontSize) * scale;
  });
  return out;
}
