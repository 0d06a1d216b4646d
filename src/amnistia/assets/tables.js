/* Progressive enhancement for data tables: sort by any column (tablesort,
   vendored), filter rows as you type, and load the rest of a long table.
   Without JavaScript every table is readable: short ones are complete, long
   ones show their first page and link to the complete CSV and JSON. The only
   requests made are for this site's own chunk files (site/paging.py):
   <page>/rows/<table>/<n>.json, each {"rows": "<tr>…</tr>…"} rendered and
   escaped at build time by the same template as the rows in the page. */
(function () {
  "use strict";

  var WORDS = {
    en: {
      filter: "Filter this table",
      shown: "{n} of {total} rows shown",
      shownLoaded: "{n} of the {total} loaded rows shown",
      more: "Show {n} more rows",
      loading: "Loading rows…",
      loaded: "Showing {n} of {total} rows.",
      failed: "The next rows could not be loaded. Try again, or download the complete table.",
      sort: "Sort by",
      unsorted: "original order",
      up: "ascending",
      down: "descending",
      table: "Table"
    },
    es: {
      filter: "Filtrar esta tabla",
      shown: "{n} de {total} filas visibles",
      shownLoaded: "{n} de las {total} filas cargadas visibles",
      more: "Mostrar {n} filas más",
      loading: "Cargando filas…",
      loaded: "Se muestran {n} de {total} filas.",
      failed: "No se pudieron cargar las filas siguientes. Vuelva a intentarlo o descargue la tabla completa.",
      sort: "Ordenar por",
      unsorted: "orden original",
      up: "ascendente",
      down: "descendente",
      table: "Tabla"
    }
  };

  function words() {
    var lang = (document.documentElement.lang || "en").slice(0, 2);
    return WORDS[lang] || WORDS.en;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function number(value) {
    try {
      return value.toLocaleString(document.documentElement.lang || "en");
    } catch (error) {
      return String(value);
    }
  }

  // Compare without case or accents: "Rodriguez" finds "Rodríguez".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function bodyRows(table) {
    return Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
  }

  function addFilter(table, index, state) {
    var w = words();
    var id = "am-filter-" + index;
    var box = document.createElement("div");
    box.className = "am-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = w.filter;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "md-input";
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "am-filter__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    var wrap = table.closest(".am-table-wrap") || table;
    wrap.parentNode.insertBefore(box, wrap);

    function apply() {
      var query = fold(input.value.trim());
      var rows = bodyRows(table);
      if (!state.texts || state.texts.length !== rows.length) {
        state.texts = rows.map(function (row) { return fold(row.textContent); });
      }
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = !query || state.texts[i].indexOf(query) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      var template = state.paged ? w.shownLoaded : w.shown;
      status.textContent = query ? format(template, { n: number(shown), total: number(rows.length) }) : "";
    }
    input.addEventListener("input", apply);
    state.refilter = apply;
  }

  // A long table: a button fetches the next chunk and appends its rows.
  function addMore(table, state) {
    var w = words();
    var base = table.dataset.amRows;
    var total = parseInt(table.dataset.amTotal, 10);
    var step = parseInt(table.dataset.amStep, 10);
    // Read from disk (the offline copy), a page cannot fetch its chunk files,
    // and the copy leaves them out: the table's CSV holds every row.
    var chunks = location.protocol === "file:" ? 0 : parseInt(table.dataset.amChunks, 10);
    var next = 1;
    var wrap = table.closest(".am-table-wrap") || table;
    var box = document.createElement("div");
    box.className = "am-more-rows";
    var status = document.createElement("p");
    status.className = "am-more-rows__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button am-more-rows__button";
    if (table.id) button.setAttribute("aria-controls", table.id);
    box.appendChild(status);
    box.appendChild(button);
    wrap.parentNode.insertBefore(box, wrap.nextSibling);

    function update() {
      var loaded = bodyRows(table).length;
      status.textContent = format(w.loaded, { n: number(loaded), total: number(total) });
      button.textContent = format(w.more, { n: number(Math.min(step, total - loaded)) });
      if (next > chunks) box.removeChild(button);
    }

    button.addEventListener("click", function () {
      if (button.disabled) return;
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      status.textContent = w.loading;
      fetch(base + next + ".json", { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (chunk) {
          table.tBodies[0].insertAdjacentHTML("beforeend", chunk.rows);
          next += 1;
          state.texts = null;
          if (state.sort) state.sort.refresh();
          if (state.refilter) state.refilter();
          button.disabled = false;
          button.removeAttribute("aria-busy");
          update();
        })
        .catch(function () {
          button.disabled = false;
          button.removeAttribute("aria-busy");
          status.textContent = w.failed;
        });
    });
    update();
  }

  function enhance(table, index) {
    if (table.dataset.amEnhanced) return;
    table.dataset.amEnhanced = "true";
    var state = { paged: Boolean(table.dataset.amRows), texts: null, sort: null, refilter: null };
    if (window.Tablesort) state.sort = new window.Tablesort(table);
    if (state.paged || bodyRows(table).length >= 8) addFilter(table, index, state); // short tables need no filter
    if (state.paged) addMore(table, state);
    if (table.hasAttribute("data-am-stack")) addSortMenu(table, index);
  }

  // On phones a card-style table hides its header row, so its columns are
  // sorted from a menu (shown by amnistia.css on narrow screens only).
  function addSortMenu(table, index) {
    var heads = Array.prototype.filter.call(table.tHead ? table.tHead.rows[0].cells : [], function (th) {
      return th.getAttribute("role") === "columnheader" && th.getAttribute("data-sort-method") !== "none";
    });
    if (!heads.length || !table.tBodies[0] || table.tBodies[0].rows.length < 2) return;
    var w = words();
    var id = "am-sort-" + index;
    var box = document.createElement("div");
    box.className = "am-sort";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = w.sort;
    var select = document.createElement("select");
    select.id = id;
    select.add(new Option(w.unsorted, ""));
    heads.forEach(function (th, i) {
      var name = th.textContent.trim();
      select.add(new Option(name + " (" + w.up + ")", i + ":ascending"));
      select.add(new Option(name + " (" + w.down + ")", i + ":descending"));
    });
    select.addEventListener("change", function () {
      if (!select.value) return;
      var parts = select.value.split(":");
      var th = heads[Number(parts[0])];
      // Tablesort toggles the direction on each click of a header.
      for (var tries = 0; tries < 3 && th.getAttribute("aria-sort") !== parts[1]; tries++) th.click();
    });
    box.appendChild(label);
    box.appendChild(select);
    var wrap = table.closest(".am-table-wrap") || table;
    wrap.parentNode.insertBefore(box, wrap);
  }

  // A box that scrolls sideways must be reachable by keyboard, and named.
  function markScrollers() {
    document.querySelectorAll(".am-table-wrap, .md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (box.hasAttribute("tabindex")) return;
        var caption = box.querySelector("caption");
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : words().table);
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function enhanceAll() {
    document.querySelectorAll("table[data-am-table]").forEach(enhance);
    markScrollers();
  }

  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(markScrollers, 200);
  });

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(enhanceAll); // Material's page-load signal
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
