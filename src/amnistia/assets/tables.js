/* Progressive enhancement for data tables: sort by any column (tablesort,
   vendored) and filter rows as you type. Without JavaScript the tables are
   complete and readable; nothing here fetches anything. */
(function () {
  "use strict";

  var WORDS = {
    en: { filter: "Filter this table", shown: "{n} of {total} rows shown" },
    es: { filter: "Filtrar esta tabla", shown: "{n} de {total} filas visibles" }
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

  function enhanceAll() {
    document.querySelectorAll("table[data-am-table]").forEach(enhance);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(enhanceAll); // Material's page-load signal
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
