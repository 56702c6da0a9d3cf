// Plain language (klarspråk) hints: the LIX readability score beside every field marked
// data-klarsprak, recomputed as the user types. A hint only; it never blocks a save.
//
// The counting is the twin of kommplan/lib/klarsprak.py and is tested on the same cases
// (kommplan/lib/tests/klarsprak_cases.json, static/kommplan/tests/klarsprak.test.mjs).
// The server renders the first hint (templates/klarsprak/_hint.html) with the same markup.
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.kommplanKlarsprak = api;
    api.start();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var LONG_WORD_LETTERS = 6;
  var FLAG_SENTENCE_WORDS = 25;
  var FLAG_WORD_LETTERS = 20;
  var OPENING_WORDS = 8;
  var BANDS = [[29, "svaert_lettlest"], [39, "lettlest"], [49, "middels"], [55, "tungt"]];
  var TOP_BAND = "svaert_tungt";
  var ABBREVIATIONS = [
    "ang.", "avd.", "bl.a.", "ca.", "dvs.", "ekskl.", "evt.", "f.eks.", "f.o.m.", "iht.",
    "inkl.", "jf.", "kl.", "m.fl.", "mht.", "nr.", "pga.", "st.", "t.o.m.", "tlf.", "vedr."
  ];
  var TOKEN = /([\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*)|([.!?:]+["»”’')\]]*(?=\s|$))|(\n)/gu;
  var LETTER = /\p{L}/gu;

  function letters(word) {
    var found = word.match(LETTER);
    return found ? found.length : 0;
  }

  function bandFor(score) {
    if (score === null || score === undefined) return null;
    for (var i = 0; i < BANDS.length; i++) {
      if (score <= BANDS[i][0]) return BANDS[i][1];
    }
    return TOP_BAND;
  }

  function endsSentence(text, end, terminator) {
    if (terminator !== ".") return true;
    // Only the last few characters matter (as in the Python twin).
    var window = text.slice(Math.max(0, end - 24), end);
    var chunk = /\S*$/u.exec(window)[0].replace(/^[^\p{L}\p{N}]+/u, "").toLowerCase();
    if (ABBREVIATIONS.indexOf(chunk) === -1 && !/^[0-9]+\.$/.test(chunk)) return true;
    var following = /^\s*(\S?)/u.exec(text.slice(end))[1];
    return following === "" || /^\p{Lu}$/u.test(following);
  }

  function sentences(text) {
    var found = [];
    var current = [];
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      if (match[1]) {
        current.push(match[1]);
        continue;
      }
      if (match[2] && !endsSentence(text, TOKEN.lastIndex, match[2])) continue;
      if (current.length) {
        found.push(current);
        current = [];
      }
    }
    if (current.length) found.push(current);
    return found;
  }

  function analyse(text) {
    var parts = sentences(text || "");
    var words = [];
    parts.forEach(function (sentence) { words.push.apply(words, sentence); });
    var longWords = 0;
    var veryLong = [];
    words.forEach(function (word) {
      var count = letters(word);
      if (count > LONG_WORD_LETTERS) longWords += 1;
      if (count > FLAG_WORD_LETTERS && veryLong.indexOf(word) === -1) veryLong.push(word);
    });
    var lix = words.length ? words.length / parts.length + 100 * longWords / words.length : null;
    var score = lix === null ? null : Math.floor(lix + 0.5);
    return {
      words: words.length,
      sentences: parts.length,
      long_words: longWords,
      lix: lix,
      score: score,
      band: bandFor(score),
      long_sentences: parts
        .filter(function (sentence) { return sentence.length > FLAG_SENTENCE_WORDS; })
        .map(function (sentence) {
          return {
            opening: sentence.slice(0, OPENING_WORDS).join(" ") +
              (sentence.length > OPENING_WORDS ? " …" : ""),
            words: sentence.length
          };
        }),
      very_long_words: veryLong
    };
  }

  // Bokmål defaults; pages may carry translated ones in <script id="klarsprak-i18n">.
  var DEFAULT_STRINGS = {
    empty: "Lesbarheten (LIX) vises her når feltet har tekst.",
    summary: "Lesbarhet (LIX): %(score)s, %(band)s.",
    counts: "Ord: %(words)s. Setninger: %(sentences)s. Lange ord: %(long_words)s.",
    tip: "Kortere setninger og færre lange ord gjør teksten lettere å lese.",
    long_sentences: "Lange setninger (over %(limit)s ord):",
    long_sentence: "«%(opening)s» (%(words)s ord)",
    long_words: "Lange ord (over %(limit)s bokstaver): %(words)s",
    bands: {
      svaert_lettlest: "svært lettlest",
      lettlest: "lettlest",
      middels: "middels",
      tungt: "tungt",
      svaert_tungt: "svært tungt"
    }
  };

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }

  // The hint's content as plain data, so markup and wording are easy to compare with the server's.
  function hintLines(result, strings) {
    strings = strings || DEFAULT_STRINGS;
    if (!result.words) return { empty: strings.empty };
    var lines = {
      summary: format(strings.summary, {
        score: result.score, band: strings.bands[result.band] || result.band
      }),
      counts: format(strings.counts, result),
      tip: result.band === "tungt" || result.band === "svaert_tungt" ? strings.tip : "",
      longSentences: [],
      longWords: ""
    };
    if (result.long_sentences.length) {
      lines.longSentencesLabel = format(strings.long_sentences, { limit: FLAG_SENTENCE_WORDS });
      lines.longSentences = result.long_sentences.map(function (s) {
        return format(strings.long_sentence, s);
      });
    }
    if (result.very_long_words.length) {
      lines.longWords = format(strings.long_words, {
        limit: FLAG_WORD_LETTERS, words: result.very_long_words.join(", ")
      });
    }
    return lines;
  }

  // ---- In the browser ----

  function loadStrings() {
    var element = document.getElementById("klarsprak-i18n");
    if (!element) return DEFAULT_STRINGS;
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return DEFAULT_STRINGS;
    }
  }

  function paragraph(text, extraClass) {
    var p = document.createElement("p");
    p.className = "ds-paragraph" + (extraClass ? " " + extraClass : "");
    p.setAttribute("data-size", "sm");
    p.textContent = text;
    return p;
  }

  function render(hint, lines) {
    var nodes = [];
    if (lines.empty) {
      nodes.push(paragraph(lines.empty, "meta"));
    } else {
      nodes.push(paragraph(lines.summary));
      nodes.push(paragraph(lines.counts, "meta"));
      if (lines.tip) nodes.push(paragraph(lines.tip));
      if (lines.longSentences.length) {
        nodes.push(paragraph(lines.longSentencesLabel));
        var list = document.createElement("ul");
        list.className = "ds-list";
        lines.longSentences.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          list.appendChild(item);
        });
        nodes.push(list);
      }
      if (lines.longWords) nodes.push(paragraph(lines.longWords));
    }
    var wrapper = document.createElement("div");
    nodes.forEach(function (node) { wrapper.appendChild(node); });
    // Touch the live region only when the hint really changes, so nothing is re-read needlessly.
    if (wrapper.innerHTML !== hint.innerHTML.trim()) {
      hint.replaceChildren.apply(hint, nodes);
    }
  }

  var counter = 0;

  function attach(field, strings) {
    if (field.dataset.klarsprakReady) return;
    field.dataset.klarsprakReady = "true";
    if (!field.id) field.id = "klarsprak-field-" + (++counter);
    var hintId = field.id + "_klarsprak";
    var hint = document.getElementById(hintId);
    if (!hint) {
      hint = document.createElement("div");
      hint.id = hintId;
      hint.className = "klarsprak-hint";
      hint.setAttribute("aria-live", "polite");
      hint.setAttribute("data-klarsprak-hint", "");
      field.insertAdjacentElement("afterend", hint);
      render(hint, hintLines(analyse(field.value), strings));
    }
    // Add to (never replace) what Django already links: help text and errors.
    var described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (described.indexOf(hintId) === -1) {
      described.push(hintId);
      field.setAttribute("aria-describedby", described.join(" "));
    }
    var timer = null;
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        render(hint, hintLines(analyse(field.value), strings));
      }, 400);
    });
  }

  function attachAll(container) {
    var strings = loadStrings();
    var fields = (container || document).querySelectorAll(
      "textarea[data-klarsprak], input[data-klarsprak]"
    );
    Array.prototype.forEach.call(fields, function (field) { attach(field, strings); });
  }

  function start() {
    if (typeof document === "undefined") return;
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { attachAll(document); });
    } else {
      attachAll(document);
    }
    // Fields that arrive with an HTMX swap get their hint too.
    document.addEventListener("htmx:load", function (event) {
      attachAll(event.target && event.target.querySelectorAll ? event.target : document);
    });
  }

  return {
    analyse: analyse,
    bandFor: bandFor,
    letters: letters,
    sentences: sentences,
    hintLines: hintLines,
    DEFAULT_STRINGS: DEFAULT_STRINGS,
    start: start
  };
});
