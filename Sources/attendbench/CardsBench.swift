import AttendCore
import Foundation

/// The cards of issue 19 in the core, without the daemon: a hall's 300 cards laid out (every
/// id's ASCII form, QR code with its eight masks scored, Code 128, the page's HTML), and one QR
/// code of a typical id and of the longest there can be, as `attendctl cards` makes them.
enum CardsBench {
    static let section = "cards"

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let count = options.quick ? 30 : 300
        let delegates = (0..<count).map { index in
            Delegate(id: index % 3 == 0 ? "Hà-\(index)" : index % 3 == 1 ? "DV-2026-\(index)" : "Đảng-ủy-\(index)",
                     fullName: "Nguyễn Văn \(index)", unit: "Chi bộ \(index % 12)", category: .partyMember)
        }
        let roster = Roster(conference: "HN", title: "Hội nghị quán triệt", date: "2026-11-23", parts: [], site: "Xã A", delegates: delegates)
        reporter.progress("cards: laying out \(count) cards")
        var pages: [Double] = []
        var bytes = 0
        for _ in 0..<(options.quick ? 1 : 5) {
            let began = MonotonicClock.now()
            bytes = CardSheet(roster: roster).html().utf8.count
            pages.append(MonotonicClock.seconds(since: began) * 1000)
        }
        reporter.add(Measurement(
            section, "\(count) delegate cards laid out (QR, Code 128, HTML), median", Percentiles(pages).at(50), "ms", atMost: 2000,
            note: String(format: "%d KB of HTML for %d A4 pages", bytes / 1024, (count + 9) / 10)))
        func perCode(_ id: String) -> Double {
            let rounds = options.quick ? 10 : 200
            let began = MonotonicClock.now()
            for _ in 0..<rounds { _ = DelegateSymbols(id: id) }
            return MonotonicClock.seconds(since: began) * 1000 / Double(rounds)
        }
        let typical = DelegateSymbols(id: "Hà-001")
        reporter.add(Measurement(section, "one card's codes, Hà-001 (QR version \(typical.qr.version))", perCode("Hà-001"), "ms"))
        let longest = "a" + String(repeating: "à", count: 31)
        reporter.add(Measurement(
            section, "one card's codes, the longest id (QR version \(DelegateSymbols(id: longest).qr.version))", perCode(longest), "ms"))
    }
}
