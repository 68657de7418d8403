import Foundation

/// One figure of the report: what was measured, its value, and the target it is held to.
struct Measurement: Codable, Sendable {
    var section: String
    var name: String
    /// nil when it was not measured (skipped, or the feature is not built yet).
    var value: Double?
    var unit: String
    /// The target in words, e.g. `>= 0.8` or `<= 2 ms`.
    var target: String?
    /// Whether the value meets the target; nil without a target or a value.
    var met: Bool?
    var note: String?

    /// A measured value, with an optional lower or upper bound as its target.
    init(_ section: String, _ name: String, _ value: Double?, _ unit: String,
         atLeast: Double? = nil, atMost: Double? = nil, note: String? = nil) {
        self.section = section
        self.name = name
        self.value = value
        self.unit = unit
        self.note = note
        if let atLeast {
            target = ">= \(Self.format(atLeast, unit))"
            met = value.map { $0 >= atLeast }
        } else if let atMost {
            target = "<= \(Self.format(atMost, unit))"
            met = value.map { $0 <= atMost }
        }
    }

    /// A row without a value: a skipped measurement or one not built yet, with its target.
    static func missing(_ section: String, _ name: String, target: String?, note: String) -> Measurement {
        var row = Measurement(section, name, nil, "", note: note)
        row.target = target
        return row
    }

    /// `1,234,567 acks/s`, `1.84 ms`, `0.83`, `12.3 MB`.
    static func format(_ value: Double, _ unit: String) -> String {
        let number: String
        switch unit {
        case "x": number = String(format: value < 1 ? "%.3f" : value < 10 ? "%.2f" : "%.1f", value)
        case "ms", "%": number = String(format: value < 10 ? "%.2f" : "%.1f", value)
        case "MB", "s": number = String(format: "%.1f", value)
        default: number = value.rounded() == value || value >= 100 ? grouped(Int(value.rounded())) : String(format: "%.2f", value)
        }
        if unit.isEmpty || unit == "x" { return number }
        return unit.hasPrefix("/") ? number + unit : "\(number) \(unit)"
    }

    private static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }

    var formattedValue: String { value.map { Self.format($0, unit) } ?? "-" }
    var verdict: String { met.map { $0 ? "ok" : "MISSED" } ?? "" }
}

/// The whole run: the machine, the options, every figure. Written as JSON, printed as a table.
struct BenchReport: Codable, Sendable {
    var tool = "attendbench"
    var startedAt: String
    var quick: Bool
    var seconds = 0.0
    var machine: MachineInfo
    /// The sizes this run used (they differ with `--quick`).
    var settings: [String: Double] = [:]
    var measurements: [Measurement] = []
    /// `/proc/loadavg` when the run started and when it ended: the figures' context on a shared machine.
    var loadAtStart: String?
    var loadAtEnd: String?
    /// The figures that moved more than 30% since the previous run written to the same file.
    var movedSincePrevious: [String]?
    var previousStartedAt: String?

    func writeJSON(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The table, one block per section.
    var table: String {
        var out = machine.summary + "\n"
        var section = ""
        for row in measurements {
            if row.section != section {
                section = row.section
                out += "\n" + Self.header(section)
            }
            out += Self.line(row)
        }
        return out
    }

    static func header(_ section: String) -> String {
        "== \(section) " + String(repeating: "=", count: max(4, 100 - section.count)) + "\n"
            + pad("measurement", 46) + pad("value", 18, right: true) + "  " + pad("target", 14) + pad("", 8) + "note\n"
    }

    static func line(_ row: Measurement) -> String {
        pad(row.name, 46) + pad(row.formattedValue, 18, right: true) + "  " + pad(row.target ?? "", 14)
            + pad(row.verdict, 8) + (row.note ?? "") + "\n"
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let room = max(0, width - text.count)
        return right ? String(repeating: " ", count: room) + text : text + String(repeating: " ", count: room)
    }
}
