// node --test kommplan/static/kommplan/tests/
// The browser's LIX must equal the server's: the same hand-computed cases as
// kommplan/lib/tests/test_klarsprak.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const klarsprak = require("../klarsprak.js");
const { cases, bands } = JSON.parse(
  readFileSync(new URL("../../../lib/tests/klarsprak_cases.json", import.meta.url), "utf-8"),
);

for (const item of cases) {
  test(`it counts and scores: ${item.name}`, () => {
    const result = klarsprak.analyse(item.text);
    assert.deepEqual(
      [result.words, result.sentences, result.long_words],
      [item.words, item.sentences, item.long_words],
    );
    if (item.lix === null) {
      assert.equal(result.lix, null);
    } else {
      assert.ok(Math.abs(result.lix - item.lix) < 1e-9, `${result.lix} != ${item.lix}`);
    }
    assert.equal(result.score, item.score);
    assert.equal(result.band, item.band);
    assert.deepEqual(result.long_sentences, item.long_sentences);
    assert.deepEqual(result.very_long_words, item.very_long_words);
  });
}

test("the Norwegian bands start at 30, 40 and 50 and end above 55", () => {
  for (const [score, band] of bands) assert.equal(klarsprak.bandFor(score), band, `${score}`);
});

test("only letters count towards a word's length", () => {
  assert.equal(klarsprak.letters("Kommune-TV"), 9);
  assert.equal(klarsprak.letters("30.000"), 0);
});

test("the hint names the score, the band and what to shorten", () => {
  const long = cases.find((c) => c.very_long_words.length);
  const lines = klarsprak.hintLines(klarsprak.analyse(long.text));
  assert.equal(lines.summary, "Lesbarhet (LIX): 60, svært tungt.");
  assert.equal(lines.counts, "Ord: 31. Setninger: 1. Lange ord: 9.");
  assert.ok(lines.tip.length > 0);
  assert.deepEqual(lines.longSentences, [
    "«Kommunikasjonsavdelingen og kommuneplanens samfunnsdel skal sammen med alle …» (31 ord)",
  ]);
  assert.equal(lines.longWords, "Lange ord (over 20 bokstaver): Kommunikasjonsavdelingen");
});

test("an empty field gets the empty hint and no score", () => {
  assert.deepEqual(klarsprak.hintLines(klarsprak.analyse("")), {
    empty: klarsprak.DEFAULT_STRINGS.empty,
  });
});

test("easy text gets no tip", () => {
  assert.equal(klarsprak.hintLines(klarsprak.analyse("Vi svarer raskt.")).tip, "");
});
