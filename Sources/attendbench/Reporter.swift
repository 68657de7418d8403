import Foundation

/// Collects figures as they are measured and tells the operator what is running (on stderr;
/// stdout gets the finished table).
///
/// `@unchecked Sendable`: only the main thread adds to it; it is never handed to another.
final class Reporter: @unchecked Sendable {
    private(set) var measurements: [Measurement] = []
    private var section = ""

    func add(_ row: Measurement) {
        if row.section != section {
            section = row.section
            log("\n" + BenchReport.header(section), terminator: "")
        }
        measurements.append(row)
        log(BenchReport.line(row), terminator: "")
    }

    func progress(_ message: String) {
        log("  ... " + message)
    }

    private func log(_ text: String, terminator: String = "\n") {
        FileHandle.standardError.write(Data((text + terminator).utf8))
    }
}
