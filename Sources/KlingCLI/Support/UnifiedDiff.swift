/// A unified diff of two texts by lines (Myers' algorithm), for `generate --check`.
enum UnifiedDiff {
    enum Edit: Equatable { case same(String), removed(String), added(String) }

    static func edits(_ old: [String], _ new: [String]) -> [Edit] {
        let n = old.count, m = new.count
        let max = n + m
        var v = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        outer: for d in 0...max {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[k - 1 + max] < v[k + 1 + max])) ? v[k + 1 + max] : v[k - 1 + max] + 1
                var y = x - k
                while x < n, y < m, old[x] == new[y] { x += 1; y += 1 }
                v[k + max] = x
                if x >= n && y >= m { trace.append(v); break outer }
            }
        }
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 2, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previous = (k == -d || (k != d && v[k - 1 + max] < v[k + 1 + max])) ? k + 1 : k - 1
            let px = v[previous + max], py = px - previous
            while x > px, y > py { edits.append(.same(old[x - 1])); x -= 1; y -= 1 }
            if d > 0 {
                if x == px { edits.append(.added(new[y - 1])); y -= 1 } else { edits.append(.removed(old[x - 1])); x -= 1 }
            }
        }
        while x > 0, y > 0 { edits.append(.same(old[x - 1])); x -= 1; y -= 1 }
        return edits.reversed()
    }

    /// `--- a/path` / `+++ b/path` hunks with three lines of context.
    static func render(path: String, old: String, new: String) -> String {
        let a = old.isEmpty ? [] : old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let all = edits(a, b)
        var output = "--- a/\(path)\n+++ b/\(path)\n"
        var index = 0
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
            var oldStart = 1, newStart = 1
            for edit in all[..<start] {
                switch edit {
                case .same: oldStart += 1; newStart += 1
                case .removed: oldStart += 1
                case .added: newStart += 1
                }
            }
            let hunk = all[start..<end]
            let oldCount = hunk.filter { if case .added = $0 { return false } else { return true } }.count
            let newCount = hunk.filter { if case .removed = $0 { return false } else { return true } }.count
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for edit in hunk {
                switch edit {
                case .same(let line): output += " \(line)\n"
                case .removed(let line): output += "-\(line)\n"
                case .added(let line): output += "+\(line)\n"
                }
            }
            index = end
        }
        return output
    }
}
