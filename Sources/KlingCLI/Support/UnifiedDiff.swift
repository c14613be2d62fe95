/// A unified diff of two texts by lines (Myers' algorithm), for `generate --check`.
enum UnifiedDiff {
    enum Edit: Equatable { case same(String), removed(String), added(String) }

    /// Past this many differing lines the middle of the two texts is shown as
    /// removed then added: Myers' trace grows with the square of the distance.
    static let maxDistance = 2000

    static func edits(_ old: [String], _ new: [String]) -> [Edit] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)]), b = Array(new[prefix..<(new.count - suffix)])
        let middle = myers(a, b) ?? (a.map(Edit.removed) + b.map(Edit.added))
        return old[..<prefix].map(Edit.same) + middle + old[(old.count - suffix)...].map(Edit.same)
    }

    /// nil when the texts are more than `maxDistance` edits apart.
    static func myers(_ old: [String], _ new: [String]) -> [Edit]? {
        let n = old.count, m = new.count
        let max = n + m
        if max == 0 { return [] }
        var v = [Int](repeating: 0, count: 2 * max + 2)
        // trace[d] holds v[-d...d] as it was before step d.
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0...Swift.min(max, maxDistance) {
            trace.append(Array(v[(max - d)...(max + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[k - 1 + max] < v[k + 1 + max])) ? v[k + 1 + max] : v[k - 1 + max] + 1
                var y = x - k
                while x < n, y < m, old[x] == new[y] { x += 1; y += 1 }
                v[k + max] = x
                if x >= n && y >= m { found = true; break outer }
            }
        }
        guard found else { return nil }
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let slice = trace[d]
            func at(_ k: Int) -> Int { slice[k + d] }
            let k = x - y
            if d == 0 {
                while x > 0, y > 0 { edits.append(.same(old[x - 1])); x -= 1; y -= 1 }
                break
            }
            let previous = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let px = at(previous), py = px - previous
            while x > px, y > py { edits.append(.same(old[x - 1])); x -= 1; y -= 1 }
            if x == px { edits.append(.added(new[y - 1])); y -= 1 } else { edits.append(.removed(old[x - 1])); x -= 1 }
        }
        return edits.reversed()
    }

    /// `--- a/path` / `+++ b/path` hunks with three lines of context: at most
    /// `maxHunks` hunks of at most `maxHunkLines` lines each, then one line
    /// saying what was cut, so a stale file never floods the terminal or a
    /// test failure.
    static func render(path: String, old: String, new: String, maxHunks: Int = 3, maxHunkLines: Int = 12) -> String {
        let a = old.isEmpty ? [] : old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let all = edits(a, b)
        var output = "--- a/\(path)\n+++ b/\(path)\n"
        var index = 0
        var hunks = 0
        var cutHunks = 0, cutLines = 0
        func isChange(_ edit: Edit) -> Bool { if case .same = edit { return false } else { return true } }
        while index < all.count {
            if case .same = all[index] {
                index += 1
                continue
            }
            let start = Swift.max(0, index - 3)
            var end = index
            var quiet = 0
            while end < all.count {
                if case .same = all[end] { quiet += 1; if quiet > 6 { break } } else { quiet = 0 }
                end += 1
            }
            end = Swift.min(all.count, end - Swift.max(0, quiet - 3))
            let hunk = all[start..<end]
            index = end
            hunks += 1
            if hunks > maxHunks {
                cutHunks += 1
                cutLines += hunk.filter(isChange).count
                continue
            }
            var oldStart = 1, newStart = 1
            for edit in all[..<start] {
                switch edit {
                case .same: oldStart += 1; newStart += 1
                case .removed: oldStart += 1
                case .added: newStart += 1
                }
            }
            let oldCount = hunk.filter { if case .added = $0 { return false } else { return true } }.count
            let newCount = hunk.filter { if case .removed = $0 { return false } else { return true } }.count
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for edit in hunk.prefix(maxHunkLines) {
                switch edit {
                case .same(let line): output += " \(line)\n"
                case .removed(let line): output += "-\(line)\n"
                case .added(let line): output += "+\(line)\n"
                }
            }
            let hidden = hunk.dropFirst(maxHunkLines).filter(isChange).count
            if hidden > 0 { output += "… \(hidden) more changed line\(hidden == 1 ? "" : "s") in this hunk not shown\n" }
            cutLines += hidden
        }
        if cutHunks > 0 {
            output += "… \(cutHunks) more hunk\(cutHunks == 1 ? "" : "s") not shown; \(cutLines) changed line\(cutLines == 1 ? "" : "s") cut from \(path)\n"
        } else if cutLines > 0 {
            output += "… \(cutLines) changed line\(cutLines == 1 ? "" : "s") cut from \(path)\n"
        }
        return output
    }
}
