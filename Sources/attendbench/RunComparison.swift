import Foundation

/// The honesty rules of the benchmark's table (issue 23): the machine's load beside the figures,
/// and a figure that moved more than 30% since the previous run of the same kind flagged as such.
enum RunComparison {
    /// A change larger than this fraction of the previous value is flagged.
    static let movedFraction = 0.3

    /// The 1-, 5- and 15-minute load averages (`/proc/loadavg`), as written there.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The previous report at `path`, when it is one of the same kind (`--quick` or not).
    static func previous(at path: String, quick: Bool) -> BenchReport? {
        guard let data = FileManager.default.contents(atPath: path),
              let report = try? JSONDecoder().decode(BenchReport.self, from: data), report.quick == quick
        else { return nil }
        return report
    }

    /// The figures measured in both runs whose values moved more than `movedFraction`, in this run's order.
    static func moved(_ current: [Measurement], since previous: BenchReport) -> [String] {
        var before: [String: Double] = [:]
        for row in previous.measurements { if let value = row.value { before[row.section + "\u{0}" + row.name] = value } }
        return current.compactMap { row in
            guard let value = row.value, let old = before[row.section + "\u{0}" + row.name], old != 0 else { return nil }
            let change = (value - old) / abs(old)
            guard abs(change) > movedFraction else { return nil }
            return String(format: "%@: %@ -> %@ (%+.0f%%)", row.name.trimmingCharacters(in: .whitespaces),
                          Measurement.format(old, row.unit), Measurement.format(value, row.unit), change * 100)
        }
    }
}
