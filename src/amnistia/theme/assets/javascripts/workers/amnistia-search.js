/* amnistia's search worker: Material's own worker, started on the first
   query, with accents folded so "amnistia" and "amnistía" find the same pages.

   Material's page script starts this worker on every page (its URL is
   main.html's; Material's worker file name follows the "#"). Until someone
   types a query it only answers "ready": the search index (search_index.json)
   and Material's worker are fetched on the first non-empty query.

   Folding: the index is built with a pipeline step that removes acute, grave,
   circumflex and diaeresis marks before stemming (ñ stays ñ); each query word
   is folded and stemmed the same way. Material marks every query word as a
   prefix ("word*"), and Lunr skips its pipeline for prefixes, so the query is
   folded here, before Material sees it. Nothing here fetches from elsewhere. */
(function () {
  "use strict";

  // Material's message types (src/.../search/worker/message): setup, ready, query, result.
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  // In the offline copy (file://) this runs in an iframe (iframe-worker's
  // shim, see site/offline.py): its own URL is its script tag's, the index
  // comes as a script (search_index.js sets __index) and importScripts
  // returns a promise.
  var script = self.document && self.document.currentScript;
  var here = script ? script.src : self.location.href;
  var offline = new URL(here).protocol === "file:";
  var material = new URL(new URL(here).hash.slice(1).split("?")[0], here).href;
  var indexUrl = new URL("../../../search/search_index." + (offline ? "js" : "json"), here).href;
  var post = self.postMessage.bind(self);
  var state = "idle"; // idle -> loading -> ready
  var waiting = [];
  var languages = ["en"];
  var inner = false;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u0302\u0304-\u036f]/g, "").normalize("NFC");
  }

  function foldToken(token) {
    return token.update(function (text) { return fold(text); });
  }

  function stemmer() {
    var lang = languages.length === 1 ? languages[0] : "en";
    var lunr = self.lunr;
    return lang === "en" ? lunr.stemmer : (lunr[lang] && lunr[lang].stemmer) || lunr.stemmer;
  }

  // A query word becomes its folded stem: the same string the index holds.
  function foldQuery(query) {
    var stem = stemmer();
    return query.split(/(\s+)/).map(function (part) {
      var match = /^([+-]?)([\p{L}\p{N}]+)$/u.exec(part);
      if (!match) return fold(part);
      var word = fold(match[2].toLowerCase());
      var token = stem(new self.lunr.Token(word, {}));
      var stemmed = token && token.toString();
      return match[1] + (stemmed && word.indexOf(stemmed) === 0 ? stemmed : word);
    }).join("");
  }

  function patchLunr() {
    var lunr = self.lunr;
    lunr.Pipeline.registerFunction(foldToken, "amnistiaFold");
    var ref = lunr.Builder.prototype.ref;
    // Material sets the document reference after its language pipeline:
    // put folding first, for indexing and for whole-word queries alike.
    lunr.Builder.prototype.ref = function (name) {
      this.pipeline._stack.unshift(foldToken);
      this.searchPipeline._stack.unshift(foldToken);
      return ref.call(this, name);
    };
  }

  // Material's worker answers through postMessage: its first "ready" (after
  // the index is built) releases the queries that waited for it.
  self.postMessage = function (message) {
    if (message && message.type === READY && state === "loading") {
      state = "ready";
      var queued = waiting;
      waiting = [];
      queued.forEach(deliver);
      return;
    }
    post(message);
  };

  function deliver(message) {
    if (message.type === QUERY) message = { type: QUERY, data: foldQuery(String(message.data)) };
    inner = true;
    try {
      self.dispatchEvent(new MessageEvent("message", { data: message }));
    } finally {
      inner = false;
    }
  }

  function readIndex() {
    if (offline) return Promise.resolve(importScripts(indexUrl)).then(function () { return self.__index; });
    return fetch(indexUrl, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("search index: HTTP " + response.status);
      return response.json();
    });
  }

  function load() {
    state = "loading";
    var index;
    readIndex()
      .then(function (read) {
        index = read;
        languages = index.config.lang;
        return importScripts(material); // Material's worker: registers its message handler
      })
      .then(function () {
        patchLunr();
        deliver({ type: SETUP, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
      })
      .catch(function (error) {
        state = "idle";
        waiting = [];
        post({ type: RESULT, data: { items: [] } });
        throw error;
      });
  }

  self.addEventListener("message", function (event) {
    if (inner) return; // a message we hand to Material's handler
    var message = event.data;
    event.stopImmediatePropagation(); // Material's handler gets it from deliver()
    if (state === "ready") return deliver(message);
    if (message.type !== QUERY) return;
    if (!String(message.data).trim()) {
      post({ type: RESULT, data: { items: [] } });
      return;
    }
    waiting = [message]; // only the latest query matters
    if (state === "idle") load();
  });

  post({ type: READY });
})();
