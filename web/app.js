// The winestore page: lists the wines from the API, shows details and
// comments, edits stock with PUT, and follows every change live through
// the Mercure hub the API names in its Link header.
'use strict';
(() => {
  const params = new URLSearchParams(location.search);
  const API = (params.get('api') || location.origin).replace(/\/$/, '');
  const LD = 'application/ld+json';
  const wines = new Map(); // id -> the wine's JSON-LD document
  const $ = (sel, root = document) => root.querySelector(sel);
  const list = $('#wines');
  const status = $('#status');
  const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  let count = 0;
  let current = null; // the wine a dialog shows
  let uid = 0;

  // ---- wine bottles, drawn here (no image files needed) ----
  const palettes = [
    { glass: ['#2a0a14', '#6d1a30'], wine: 'red', capsule: '#8f1d3b', label: '#f6ead8' },
    { glass: ['#1d3224', '#3f6b4d'], wine: 'green', capsule: '#c9a44c', label: '#fbf3e2' },
    { glass: ['#a9b86a', '#e2e8ad'], wine: 'white', capsule: '#d8b45a', label: '#ffffff' },
    { glass: ['#c8576f', '#f0a3b1'], wine: 'rose', capsule: '#e6c3cb', label: '#fff7f2' },
    { glass: ['#3a1208', '#8a3b1c'], wine: 'amber', capsule: '#2b2b2b', label: '#f3e6cf' },
    { glass: ['#17181f', '#3b3f52'], wine: 'dark', capsule: '#b8323f', label: '#efe7da' },
    { glass: ['#4b0f2a', '#9c2b57'], wine: 'plum', capsule: '#e0b65a', label: '#faf0e4' },
  ];
  function hash(s) {
    let h = 2166136261;
    for (const c of String(s)) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    return h >>> 0;
  }
  function escapeXml(s) {
    return String(s).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }
  function initials(name) {
    const words = String(name || '?').replace(/[^\p{L}\p{N} ]/gu, ' ').split(/\s+/)
      .filter((w) => w && !/^(dr|mr|mrs|ms|prof|miss)$/i.test(w));
    return (words.slice(0, 2).map((w) => w[0]).join('') || '?').toUpperCase();
  }
  function bottle(wine) {
    const key = wine.image && wine.image.filePath ? wine.image.filePath : `wine${wine.id}`;
    const n = /(\d+)\D*$/.exec(key); // wine1.png .. wine7.png: one each
    const p = palettes[(n ? Number(n[1]) + 6 : hash(key)) % palettes.length];
    const g = `g${++uid}`;
    return `<svg viewBox="0 0 100 262" role="img" aria-label="bottle of ${escapeXml(wine.name || 'wine')}" xmlns="http://www.w3.org/2000/svg">
  <defs><linearGradient id="${g}" x1="0" x2="1"><stop offset="0" stop-color="${p.glass[0]}"/><stop offset=".45" stop-color="${p.glass[1]}"/><stop offset="1" stop-color="${p.glass[0]}"/></linearGradient></defs>
  <path d="M42 8h16v74c0 18 20 26 20 52v108a10 10 0 0 1-10 10H32a10 10 0 0 1-10-10V134c0-26 20-34 20-52Z" fill="url(#${g})"/>
  <rect x="40.5" y="5" width="19" height="36" rx="3" fill="${p.capsule}"/>
  <rect x="40.5" y="35" width="19" height="3" fill="rgba(0,0,0,.18)"/>
  <rect x="27" y="150" width="46" height="60" rx="4" fill="${p.label}"/>
  <rect x="30" y="154" width="40" height="52" rx="2" fill="none" stroke="${p.capsule}" stroke-width=".8"/>
  <text x="50" y="184" text-anchor="middle" font-family="Georgia,serif" font-size="17" font-weight="700" fill="${p.glass[0]}">${escapeXml(initials(wine.name))}</text>
  <text x="50" y="197" text-anchor="middle" font-family="Georgia,serif" font-size="5.2" letter-spacing="1" fill="${p.glass[0]}">WINESTORE</text>
  <rect x="28" y="118" width="5" height="122" rx="2.5" fill="rgba(255,255,255,.22)"/>
  <rect x="45" y="14" width="3" height="60" rx="1.5" fill="rgba(255,255,255,.18)"/>
</svg>`;
  }

  // ---- rendering ----
  function idOf(doc) {
    if (doc && doc.id !== undefined) return Number(doc.id);
    const m = /\/api\/wines\/(\d+)$/.exec((doc && doc['@id']) || '');
    return m ? Number(m[1]) : null;
  }
  function stockText(n) {
    return n > 0 ? `${n} in stock` : 'Out of stock';
  }
  function card(wine) {
    const li = document.createElement('li');
    li.className = 'wine';
    li.tabIndex = 0;
    li.dataset.wineId = wine.id;
    li.innerHTML = `<div class="art"></div><div class="info">
      <p class="name"></p>
      <div class="row"><span class="price"></span><span class="stock"><span class="dot"></span><span class="stock-value"></span></span></div>
      <button type="button" class="edit-btn">Edit stock</button></div>`;
    li.addEventListener('click', (ev) => {
      if (ev.target.closest('.edit-btn')) openEdit(wines.get(Number(li.dataset.wineId)));
      else openDetails(wines.get(Number(li.dataset.wineId)));
    });
    li.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && ev.target === li) openDetails(wines.get(Number(li.dataset.wineId)));
    });
    fill(li, wine);
    return li;
  }
  function fill(li, wine) {
    const art = $('.art', li);
    const key = `${wine.name}|${wine.image ? wine.image.filePath : ''}`;
    if (art.dataset.key !== key) {
      art.innerHTML = bottle(wine);
      art.dataset.key = key;
    }
    $('.name', li).textContent = wine.name;
    $('.price', li).textContent = money.format(wine.price);
    $('.dot', li).classList.toggle('in', wine.stock > 0);
    $('.stock-value', li).textContent = stockText(wine.stock);
    li.hidden = !matches(wine);
  }
  function matches(wine) {
    const q = $('#filter').value.trim().toLowerCase();
    return !q || String(wine.name).toLowerCase().includes(q);
  }
  function render() {
    list.replaceChildren(...[...wines.values()].sort((a, b) => a.id - b.id).map(card));
    status.textContent = wines.size ? '' : 'The cellar is empty.';
  }
  function upsert(wine, flash) {
    wines.set(wine.id, wine);
    let li = list.querySelector(`[data-wine-id="${wine.id}"]`);
    if (!li) {
      li = card(wine);
      const after = [...list.children].find((el) => Number(el.dataset.wineId) > wine.id);
      list.insertBefore(li, after || null);
    } else {
      fill(li, wine);
    }
    if (flash) {
      li.classList.remove('flash');
      void li.offsetWidth; // restart the animation
      li.classList.add('flash');
    }
    if (current && current.id === wine.id) {
      current = wine;
      if ($('#details').open) showDetails(wine);
    }
  }

  // ---- dialogs ----
  function showDetails(wine) {
    const d = $('#details');
    $('.details-art', d).innerHTML = bottle(wine);
    $('.d-name', d).textContent = wine.name;
    $('.d-price', d).textContent = money.format(wine.price);
    const stock = $('.d-stock', d);
    stock.replaceChildren();
    const dot = document.createElement('span');
    dot.className = `dot${wine.stock > 0 ? ' in' : ''}`;
    const txt = document.createElement('span');
    txt.className = 'stock-value';
    txt.textContent = ` ${stockText(wine.stock)}`;
    stock.append(dot, txt);
    $('.d-description', d).textContent = wine.description;
    const ul = $('.d-comments', d);
    ul.replaceChildren();
    for (const c of wine.comments || []) {
      const li = document.createElement('li');
      const t = document.createElement('time');
      t.dateTime = c.createdAt;
      t.textContent = when.format(new Date(c.createdAt));
      const p = document.createElement('span');
      p.textContent = c.text;
      li.append(t, p);
      ul.append(li);
    }
    if (!ul.children.length) {
      const li = document.createElement('li');
      li.className = 'none';
      li.textContent = 'No comments yet.';
      ul.append(li);
    }
  }
  function openDetails(wine) {
    current = wine;
    showDetails(wine);
    $('#details').showModal();
  }
  function openEdit(wine) {
    current = wine;
    $('.e-name').textContent = wine.name;
    $('#edit-stock').value = wine.stock;
    $('#edit-error').textContent = '';
    $('#edit').showModal();
    $('#edit-stock').select();
  }
  $('.d-edit').addEventListener('click', () => {
    $('#details').close();
    openEdit(current);
  });
  $('#edit-cancel').addEventListener('click', () => $('#edit').close());
  $('#edit-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const err = $('#edit-error');
    err.textContent = '';
    const stock = Number($('#edit-stock').value);
    try {
      const res = await fetch(`${API}/api/wines/${current.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': LD, Accept: LD },
        body: JSON.stringify({ stock }),
      });
      const body = await res.json();
      if (!res.ok) {
        err.textContent = body['hydra:description'] || body.detail || `Error ${res.status}`;
        return;
      }
      upsert(body, false);
      $('#edit').close();
    } catch (e) {
      err.textContent = `The server could not be reached (${e.message}).`;
    }
  });
  $('#filter').addEventListener('input', () => {
    for (const li of list.children) li.hidden = !matches(wines.get(Number(li.dataset.wineId)));
  });

  // ---- notifications ----
  function bump() {
    const el = $('#count');
    count += 1;
    el.textContent = count > 99 ? '99+' : String(count);
    el.hidden = false;
    el.classList.remove('bump');
    void el.offsetWidth;
    el.classList.add('bump');
  }
  $('#bell').addEventListener('click', () => {
    count = 0;
    $('#count').hidden = true;
  });

  // ---- loading and live updates ----
  function links(header) {
    const out = [];
    for (const part of (header || '').split(/,(?=\s*<)/)) {
      const m = /<([^>]*)>\s*;\s*rel="?([^";]+)"?/.exec(part);
      if (m) out.push({ href: m[1], rel: m[2] });
    }
    return out;
  }
  function subscribe(hub, base) {
    const url = new URL(hub, API);
    url.searchParams.append('topic', `${base}/api/wines/{id}`);
    const live = $('#live');
    const source = new EventSource(url);
    source.onopen = () => { live.textContent = 'live'; live.classList.add('on'); };
    source.onerror = () => { live.textContent = 'reconnecting…'; live.classList.remove('on'); };
    source.onmessage = (e) => {
      let doc;
      try { doc = JSON.parse(e.data); } catch { return; }
      const id = idOf(doc);
      if (id === null) return;
      bump();
      if (doc.name === undefined && Object.keys(doc).length === 1) { // a delete
        wines.delete(id);
        const li = list.querySelector(`[data-wine-id="${id}"]`);
        if (li) li.remove();
        return;
      }
      const known = wines.get(id) || {};
      upsert({ ...known, ...doc, id }, true);
    };
    window.winestoreSource = source;
  }
  async function load() {
    status.textContent = 'Loading the cellar…';
    let url = `${API}/api/wines`;
    let first = true;
    for (let page = 0; url && page < 50; page++) {
      const res = await fetch(url, { headers: { Accept: LD } });
      if (!res.ok) throw new Error(`the API answered ${res.status}`);
      if (first) {
        first = false;
        const l = links(res.headers.get('Link'));
        const docs = l.find((x) => x.rel.endsWith('#apiDocumentation'));
        const hub = l.find((x) => x.rel === 'mercure');
        const base = docs ? new URL(docs.href, API).href.replace(/\/api\/docs\.jsonld$/, '') : API;
        if (hub) subscribe(hub.href, base);
        else $('#live').textContent = 'no hub';
      }
      const body = await res.json();
      for (const w of body['hydra:member'] || []) wines.set(w.id, w);
      const next = body['hydra:view'] && body['hydra:view']['hydra:next'];
      url = next ? new URL(next, API).href : null;
    }
    render();
  }
  load().catch((e) => {
    status.textContent = `The cellar could not be loaded: ${e.message}.`;
    status.classList.add('error');
  });
})();
