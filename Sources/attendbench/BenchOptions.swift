import Foundation

/// The command line, and the sizes of every measurement (tiny with `--quick`).
struct BenchOptions: Sendable {
    var quick = false
    var jsonPath = "bench-results.json"
    /// Where the temporary databases live: keep it on the disk attendd would use.
    var directory = NSTemporaryDirectory()
    /// Sections to run; empty means all.
    var only: Set<Section> = []

    /// The measurements, in the order they run.
    enum Section: String, CaseIterable, Sendable {
        case storage, ingest, udp, latency, memory, lifecycle, rsyslog, model, district, history, find, export, cards, hostile, live, year
    }
    /// The seed of the hostile soak's attacks (`--seed`): a run that found something replays from it.
    var hostileSeed: UInt64 = 13

    static let usage = """
        usage: attendbench [--quick] [--json FILE] [--dir DIR] [--only SECTION,...] [--seed N]

          --quick        tiny numbers, well under a minute (CI smoke run)
          --json FILE    where the results go (default bench-results.json)
          --dir DIR      where the temporary databases go (default the system temp folder)
          --only LIST    run only these: \(Section.allCases.map(\.rawValue).joined(separator: ","))
          --seed N       the hostile soak's seed (default 13)
        attendd is taken from the folder holding attendbench (build with -c release).
        """

    static func parse(_ arguments: [String]) -> Result<BenchOptions, BenchError> {
        var options = BenchOptions()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick":
                options.quick = true
            case "--json":
                guard let value = rest.popFirst() else { return .failure(BenchError("--json needs a file")) }
                options.jsonPath = value
            case "--dir":
                guard let value = rest.popFirst() else { return .failure(BenchError("--dir needs a folder")) }
                options.directory = value.hasSuffix("/") ? value : value + "/"
            case "--only":
                guard let value = rest.popFirst() else { return .failure(BenchError("--only needs a list")) }
                for name in value.split(separator: ",") {
                    guard let section = Section(rawValue: String(name)) else {
                        return .failure(BenchError("unknown section \(name)"))
                    }
                    options.only.insert(section)
                }
            case "--seed":
                guard let value = rest.popFirst().flatMap({ UInt64($0) }) else { return .failure(BenchError("--seed needs a number")) }
                options.hostileSeed = value
            case "--help", "-h":
                print(usage)
                exit(0)
            default:
                return .failure(BenchError("unknown argument \(argument)"))
            }
        }
        return .success(options)
    }

    func runs(_ section: Section) -> Bool { only.isEmpty || only.contains(section) }

    /// Rows written directly with SQLite for the storage limit: as many as the memory figure
    /// stores through attendd, so the two compare at the same size.
    var storageRows: Int { memoryCheckins }
    /// Lines in each TCP ingest run (each into a fresh database); the storage limit is also
    /// read after this many rows, so the two are compared at the same table size.
    var ingestLines: Int { quick ? 20_000 : 300_000 }
    /// UDP offered rates (datagrams/s) and seconds at each.
    var udpRates: [Int] { quick ? [1_000, 5_000] : [1_000, 5_000, 20_000, 50_000] }
    var udpSeconds: Double { quick ? 0.3 : 2 }
    /// Latency offered rates (requests/s), seconds at each, and connection counts.
    var latencyRates: [Int] { [200, 2_000, 20_000] }
    var latencySeconds: Double { quick ? 0.3 : 5 }
    var latencyConnections: [Int] { [1, 16] }
    /// Idle connections held open for the memory figure.
    var idleConnections: Int { 1_000 }
    /// Check-ins stored before the last memory figure.
    var memoryCheckins: Int { quick ? 100_000 : 1_000_000 }
    /// Timed restarts for the start-up median.
    var startups: Int { quick ? 3 : 5 }
    /// The sizes, for the JSON report.
    var settings: [String: Double] {
        [
            "storage_rows": Double(storageRows), "ingest_lines": Double(ingestLines), "udp_seconds": udpSeconds,
            "latency_seconds": latencySeconds, "idle_connections": Double(idleConnections),
            "memory_checkins": Double(memoryCheckins), "startups": Double(startups), "rsyslog_lines": Double(rsyslogLines),
            "hostile_seconds": hostileSeconds, "hostile_seed": Double(hostileSeed),
        ]
    }

    /// Seconds of attack in the hostile soak (then 10 s of settling).
    var hostileSeconds: Double { quick ? 5 : 60 }

    /// Lines sent to rsyslog.
    var rsyslogLines: Int { quick ? 40_000 : 2_000_000 }
}

/// A benchmark that could not run, in words.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
