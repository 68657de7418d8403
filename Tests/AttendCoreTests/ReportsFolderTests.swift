@testable import AttendCore
import Foundation
import Testing

/// The reports folder's names and index (`ReportsIndex`, `ReportFileName`): names that cannot
/// leave the folder or clash, and an index in Vietnamese with every conference's links.
@Suite struct ReportsFolderTests {
    static let generatedAt = Timestamp(rfc3339: "2026-12-05T01:30:00Z")!

    @Test func stemsStayInTheFolderAndNeverClash() {
        #expect(ReportFileName.stem("HN-2026.12_a", district: false) == "HN-2026.12_a")
        #expect(ReportFileName.stem("../etc/passwd", district: false) == "%2E.%2Fetc%2Fpasswd")
        #expect(ReportFileName.stem(".hidden", district: false) == "%2Ehidden")
        #expect(ReportFileName.stem("Hội", district: true) == "H%E1%BB%99i-district")
        // `%` itself is escaped, so the stem of `a%2F` is not the stem of `a/`.
        #expect(ReportFileName.stem("a%2F", district: false) == "a%252F")
        #expect(ReportFileName.stem("a/", district: false) == "a%2F")
        #expect(ReportFileName.href("a%2F") == "a%252F")
        // No stem holds a `/`, a NUL or a leading dot, whatever the id.
        for id in ["/", "..", "a\u{0}b", ".", "x/../../y", String(repeating: "é", count: 64)] {
            let stem = ReportFileName.stem(id, district: false)
            #expect(!stem.contains("/") && !stem.contains("\u{0}") && !stem.hasPrefix("."), "\(id) → \(stem)")
            #expect(stem.utf8.count <= 3 * id.utf8.count)
        }
    }

    @Test func anOpenPageReloadsItself() {
        let page = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>x</title>"
        #expect(ReportFileName.reloading(page, seconds: 10)
            == "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"10\">\n<title>x</title>")
        #expect(ReportFileName.reloading("no head", seconds: 10) == "no head")
    }

    @Test func theIndexListsEveryConferenceOpenFirst() {
        let index = ReportsIndex(site: "Huyện ủy Tây Sơn", entries: [
            .init(conference: "HN-1", title: "Hội nghị cũ", date: "2026-11-20", state: .closed, invited: 120, present: 118),
            .init(conference: "HN-2", title: "Hội nghị <mới>", date: "2026-12-05", state: .open, invited: 1500, present: 1234),
            .init(conference: "HN-2", title: "Hội nghị <mới>", date: "2026-12-05", state: .district, invited: 3000, present: 2500,
                  halls: .init(expected: 16, reported: 14, missing: ["UBND xã Bình Tường", "Xã Tây An"])),
        ])
        #expect(index.entries.map(\.stem) == ["HN-2", "HN-2-district", "HN-1"])
        let html = index.html(generatedAt: Self.generatedAt, reloadSeconds: 10)
        for text in [
            "<title>Báo cáo hội nghị — Huyện ủy Tây Sơn</title>", "<meta http-equiv=\"refresh\" content=\"10\">",
            "Cập nhật lúc 08:30 ngày 05/12/2026; trang tự tải lại.",
            "<a href=\"HN-2.html\">Hội nghị &lt;mới&gt;</a>", "<td class=\"open\">đang diễn ra</td>",
            "<td class=\"num\">1.500</td><td class=\"num\">1.234</td><td class=\"num\">—</td>",
            "<td class=\"num\">14/16</td><td>—</td><td>UBND xã Bình Tường, Xã Tây An</td>",
            "<a href=\"HN-2-district.xlsx\">XLSX</a>", "<td>đã kết thúc</td>", "<td>20/11/2026</td>",
            "<th>Điểm cầu mất tín hiệu</th>",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(!html.contains("<mới>") && !html.contains("<script"))
        // Silent halls, once the hub knows them (issue 17), fill their column.
        var silent = index
        silent.entries[1].halls?.silent = ["Xã Tây Phú"]
        #expect(silent.html(generatedAt: Self.generatedAt, reloadSeconds: 10).contains("<td class=\"num\">14/16</td><td>Xã Tây Phú</td>"))
        // A bridge point's index (no roll-up) has no halls' columns.
        let hall = ReportsIndex(site: "", entries: [index.entries[0]]).html(generatedAt: Self.generatedAt, reloadSeconds: 10)
        #expect(!hall.contains("Điểm cầu mất tín hiệu") && hall.contains("<td class=\"num\">1.234</td><td><a href=\"HN-2.html\">HTML</a>"))
        let english = ReportsIndex(site: "", entries: []).html(language: .english, generatedAt: Self.generatedAt, reloadSeconds: 5)
        #expect(english.contains("<title>Conference reports</title>") && english.contains("No conference yet."))
    }
}
