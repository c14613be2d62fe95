// Measurements for bench/run, in-process so process start-up is not counted:
// registry load, the engine alone over parsed payloads, a load from the program
// cache, and one large payload's time and memory.
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
    FileHandle.standardError.write(Data("usage: klingreg-bench load ROOT [RUNS] | setup ROOT ENDPOINT [RUNS] | engine ROOT ENDPOINT FILE… | payload ROOT FILE ENDPOINT\n".utf8))
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
case "setup":
    // What a validate process does before its first payload: cold (load, status index,
    // lowering one endpoint) against cached (hash the inputs, read and check one program).
    let endpoint = arguments[3]
    let runs = arguments.count > 4 ? Int(arguments[4]) ?? 20 : 20
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("klingreg-bench-cache-\(getpid())")
    defer { try? FileManager.default.removeItem(at: folder) }
    let cache = ProgramCache(folder: folder)
    var cold: [Double] = []
    var cached: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now()
        let load = RegistryLoader.load(root)
        let validator = PayloadValidator(registry: load.registry, index: StatusIndex(registry: load.registry))
        guard let program = validator.engine(endpoint)?.program else { print("no endpoint \(endpoint)"); exit(1) }
        cold.append(milliseconds(start))
        let key = ProgramCache.key(root, today: .utcToday(), tool: "bench")!
        if cache.entry(key) == nil { cache.store(load.registry.endpoints.compactMap { validator.engine($0.id)?.program }, key: key) }
        let again = DispatchTime.now()
        guard let entry = cache.entry(ProgramCache.key(root, today: .utcToday(), tool: "bench")!), let read = entry.program(endpoint), read.endpoint == program.endpoint else { print("cache miss"); exit(1) }
        _ = Engine(read)
        cached.append(milliseconds(again))
    }
    cold.sort()
    cached.sort()
    print("cold_ms_median=\(String(format: "%.2f", cold[cold.count / 2])) cached_ms_median=\(String(format: "%.2f", cached[cached.count / 2])) runs=\(runs)")
case "engine":
    // The engine alone, one thread, with policy and labels on, over payloads parsed beforehand.
    let load = RegistryLoader.load(root)
    let validator = PayloadValidator(registry: load.registry, index: StatusIndex(registry: load.registry))
    var work: [(Engine, [JSONValue])] = []
    var count = 0
    for path in arguments.dropFirst(3) {
        let endpoint = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard let engine = validator.engine(endpoint) else { print("no endpoint \(endpoint)"); exit(1) }
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        let payloads = text.split(separator: "\n").map { try! JSONReader().parse(Array($0.utf8)) }
        count += payloads.count
        work.append((engine, payloads))
    }
    let start = DispatchTime.now()
    var valid = 0
    for (engine, payloads) in work {
        for payload in payloads where engine.validate(payload).isValid { valid += 1 }
    }
    let elapsed = milliseconds(start)
    print("engine_payloads=\(count) engine_ms=\(String(format: "%.1f", elapsed)) engine_per_s=\(Int(Double(count) / elapsed * 1000)) valid=\(valid)")
case "payload":
    let load = RegistryLoader.load(root)
    let validator = PayloadValidator(registry: load.registry)
    // Lowered once per validator: done before the clock starts, as a run over many payloads would.
    _ = validator.engine(arguments[4])
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
