import KlingRuntime
import Testing

struct VisibleTextTests {
    @Test func invisibleAndNonASCIICharactersAreEscaped() {
        #expect(VisibleText.escaped("submitted\u{200D}") == "submitted\\u200d")
        #expect(VisibleText.escaped("pageSiz\u{0435}") == "pageSiz\\u0435")
        #expect(VisibleText.escaped("a\u{0007}b\u{7F}") == "a\\u0007b\\u007f")
        #expect(VisibleText.escaped("clapper \u{1F3AC}") == "clapper \\u{1f3ac}")
    }

    @Test func asciiTabsAndTheFormatsOwnSymbolsStay() {
        let text = "'└' row; include … — ✅ ❌ ≤ ≥ §3 \t `mode`"
        #expect(VisibleText.escaped(text) == text)
    }

    @Test func escapingTwiceChangesNothing() {
        let once = VisibleText.escaped("x\u{200B}y\u{0435}")
        #expect(VisibleText.escaped(once) == once)
    }
}
