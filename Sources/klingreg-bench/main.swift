// Measurements for bench/run: registry load time and one large payload's
// time and memory, in-process so process start-up is not counted.
import Foundation
import KlingRegistry
import KlingRuntime

func milliseconds(_ start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000
}

/// Kilobytes from /proc/self/status (VmRSS now, VmHWM the peak so far).
func memory(_ key: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
        return Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "") ?? 0
    }
    return 0
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: klingreg-bench load ROOT [RUNS] | payload ROOT FILE ENDPOINT\n".utf8))
    exit(2)
}
let root = Repository(root: URL(fileURLWithPath: arguments[2]))
switch arguments[1] {
case "load":
    let runs = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
    var times: [Double] = []
    var endpoints = 0
    for _ in 0..<runs {
        let start = DispatchTime.now()
        let load = RegistryLoader.load(root)
        times.append(milliseconds(start))
        guard !load.failed else { print("load failed: \(load.diagnostics.first!)"); exit(1) }
        endpoints = load.registry.endpoints.reduce(0) { $0 + $1.fields.count }
    }
    times.sort()
    print("load_ms_median=\(String(format: "%.2f", times[times.count / 2])) load_ms_min=\(String(format: "%.2f", times[0])) fields=\(endpoints)")
case "payload":
    let load = RegistryLoader.load(root)
    let validator = PayloadValidator(registry: load.registry)
    let data = try! Data(contentsOf: URL(fileURLWithPath: arguments[3]))
    let baseline = memory("VmRSS")
    let start = DispatchTime.now()
    let payload = try! JSONReader().parse(data)
    let result = validator.validate(payload, endpoint: arguments[4])
    let elapsed = milliseconds(start)
    let peak = memory("VmHWM")
    print("payload_ms=\(String(format: "%.2f", elapsed)) payload_bytes=\(data.count) rss_before_kb=\(baseline) peak_kb=\(peak) peak_over_baseline_kb=\(peak - baseline) errors=\(result.errors.count)")
default:
    exit(2)
}
