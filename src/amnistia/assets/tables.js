/* Progressive enhancement for data tables: sort by any column (tablesort,
   vendored) and filter rows as you type. Without JavaScript the tables are
   complete and readable; nothing here fetches anything. */
(function () {
  "use strict";

  var WORDS = {
    en: { filter: "Filter this table", shown: "{n} of {total} rows shown", sort: "Sort by",
      unsorted: "original order", up: "ascending", down: "descending", table: "Table" },
    es: { filter: "Filtrar esta tabla", shown: "{n} de {total} filas visibles", sort: "Ordenar por",
      unsorted: "orden original", up: "ascendente", down: "descendente", table: "Tabla" }
  };

  function words() {
    var lang = (document.documentElement.lang || "en").slice(0, 2);
    return WORDS[lang] || WORDS.en;
  }

  // Compare without case or accents: "Rodriguez" finds "Rodríguez".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(table, index) {
    if (table.dataset.amEnhanced) return;
    table.dataset.amEnhanced = "true";
    if (window.Tablesort) new window.Tablesort(table);
    if (table.hasAttribute("data-am-stack")) addSortMenu(table, index);

    var rows = Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
    if (rows.length < 8) return; // short tables need no filter
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

    var texts = rows.map(function (row) { return fold(row.textContent); });
    input.addEventListener("input", function () {
      var query = fold(input.value.trim());
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = !query || texts[i].indexOf(query) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = query
        ? w.shown.replace("{n}", shown).replace("{total}", rows.length)
        : "";
    });
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
