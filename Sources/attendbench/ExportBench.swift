import AttendCore
import Foundation

/// The spreadsheet export of a large conference (issue 20): the tally written as an xlsx
/// workbook (`attendctl report --xlsx`, what the daemon runs for `format=xlsx`), beside the CSV
/// of the same tally, in process.
enum ExportBench {
    static let section = "spreadsheet export"

    static func run(_ options: BenchOptions, reporter: Reporter) {
        let count = options.quick ? 1_000 : 10_000
        let size = count >= 1000 ? "\(count / 1000),\(String(format: "%03d", count % 1000))" : "\(count)"
        reporter.progress("xlsx export: \(count) delegates")
        let day = measure(sampleTally(invited: count, attending: true))
        reporter.add(Measurement(
            section, "xlsx export of a \(size)-delegate tally (median of 5)", day.xlsx, "ms", atMost: 500,
            note: String(format: "Tally.xlsx, in process: 8 sheets, %d people listed, %.1f MB (its CSV: %.1f MB in %.0f ms)",
                         day.listed, Double(day.bytes) / 1e6, Double(day.csvBytes) / 1e6, day.csv)))
        reporter.add(Measurement(section, "xlsx / CSV export time, the same tally", day.csv > 0 ? day.xlsx / day.csv : nil, "x",
                                 note: "the workbook's XML, shared strings and zip against the CSV's rows"))
        let empty = measure(sampleTally(invited: count, attending: false))
        reporter.add(Measurement(
            section, "xlsx export, all \(size) absent (every name on one sheet)", empty.xlsx, "ms", atMost: 500,
            note: String(format: "%d people listed, %.1f MB (its CSV: %.0f ms)", empty.listed, Double(empty.bytes) / 1e6, empty.csv)))
    }

    /// The median of 5 exports of `tally` as xlsx and as CSV, in milliseconds, and their sizes.
    static func measure(_ tally: Tally) -> (xlsx: Double, csv: Double, bytes: Int, csvBytes: Int, listed: Int) {
        var xlsxTimes: [Double] = [], csvTimes: [Double] = []
        var bytes = 0, csvBytes = 0
        let made = ConferencePlan.localTime("2026-11-23", "17:30")!
        for _ in 0..<5 {
            var began = MonotonicClock.now()
            bytes = tally.xlsx(generatedAt: made).count
            xlsxTimes.append(MonotonicClock.seconds(since: began) * 1000)
            began = MonotonicClock.now()
            csvBytes = tally.csv().count
            csvTimes.append(MonotonicClock.seconds(since: began) * 1000)
        }
        let listed = tally.absentees.count + tally.lateArrivals.count + tally.earlyLeavers.count + tally.walkIns.count
        return (Percentiles(xlsxTimes).at(50), Percentiles(csvTimes).at(50), bytes, csvBytes, listed)
    }

    /// A two-part day of `count` invited with Vietnamese names: most on time, a tenth late, a
    /// tenth leaving early, a twentieth absent (half excused), and 2% walk-ins; or, not
    /// `attending`, nobody came (the longest list a tally has).
    static func sampleTally(invited count: Int, attending: Bool) -> Tally {
        let date = "2026-11-23"
        let plan = ConferencePlan(
            id: "BENCH", title: "Hội nghị học tập, quán triệt Nghị quyết", date: date,
            parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: date), graceMinutes: 10, expected: count)
        let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ"]
        let givens = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Yến", "Vy"]
        var delegates: [Delegate] = [], excuses: [String: String] = [:], events: [AttendanceEvent] = []
        func at(_ part: Int, _ minutes: Int) -> Timestamp {
            Timestamp(milliseconds: plan.parts[part].start.milliseconds + Int64(minutes) * 60_000)
        }
        for index in 0..<count {
            let id = "DV\(100_000 + index)"
            delegates.append(Delegate(
                id: id, fullName: "\(families[index % 8]) Văn \(givens[index / 8 % 10]) \(index)", unit: "Chi bộ \(index % 40)",
                category: DelegateCategory.allCases[index % DelegateCategory.allCases.count]))
            switch index % 20 {
            case 0: excuses[id] = "Đi công tác"; continue
            case 1: continue
            default: if !attending { continue }
            }
            events.append(AttendanceEvent(delegate: id, direction: .checkIn, at: at(0, index % 10 == 2 ? 15 + index % 30 : -10)))
            events.append(AttendanceEvent(delegate: id, direction: .checkOut, at: at(1, index % 10 == 3 ? 150 : 215)))
        }
        for walkIn in 0..<(attending ? count / 50 : 0) {
            events.append(AttendanceEvent(delegate: "KM\(walkIn)", direction: .checkIn, at: at(0, walkIn % 20)))
        }
        return TallyComputation.tally(plan: plan, invited: delegates, excuses: excuses, events: events)
    }
}
