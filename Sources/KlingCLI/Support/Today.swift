import Foundation
import KlingRegistry

extension CLI.Context {
    /// The day of the run as `YYYY-MM-DD` (UTC). `KLINGREG_TODAY` pins it, so
    /// tests of "not after today" do not depend on the calendar; an invalid
    /// value is ignored in favour of the real date, never trusted.
    func today() -> String {
        if let pinned = environment["KLINGREG_TODAY"], CalendarDate.isValid(pinned) { return pinned }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
