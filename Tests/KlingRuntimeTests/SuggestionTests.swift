import KlingRuntime
import Testing

struct SuggestionTests {
    @Test(arguments: [
        ("chekc", "check"),
        ("--formt", "--format"),
        ("negative_promt", "negative_prompt"),
        ("shema", "schema"),
    ])
    func suggestsTheNearCandidate(word: String, expected: String) {
        let candidates = ["check", "schema", "residuals", "--format", "--root", "negative_prompt", "prompt"]
        #expect(Suggestion.closest(to: word, among: candidates) == expected)
    }

    @Test func staysQuietWhenNothingIsClose() {
        #expect(Suggestion.closest(to: "deploy", among: ["check", "schema"]) == nil)
    }

    @Test func transpositionCostsOne() {
        #expect(Suggestion.editDistance("chekc", "check") == 1)
        #expect(Suggestion.editDistance("", "abc") == 3)
    }
}
