import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// `attendctl cards` on a hub: a published conference's cards and invitations for every hall
/// taking part, grouped by bridge point in the keys file's order, each hall on its own pages and
/// named as the place, from the district's list (`district invite import`); and its refusals.
/// One hub process, no bridge points: the district's list is all the cards need.
@Suite struct HubCardsTests {
    /// The keys file's order is not the ids' order: the cards follow the file.
    static let keys = [
        ("xa-b", "UBND xã Tây Giang"), ("xa-a", "Điểm cầu xã Bình Thuận"), ("xa-c", "UBND thị trấn Phú Phong"), ("xa-d", "UBND xã Tây Xuân"),
    ]

    static func hub() throws -> (DaemonHarness, String) {
        let folder = NSTemporaryDirectory() + "attendd-hubcards-" + UUID().uuidString
        let lines = keys.enumerated().map { "\($1.0) \(String(repeating: String(format: "%02x", 0xB1 + $0 * 0x11), count: 32)) \($1.1)\n" }
        let keysFile = try DistrictPushTests.writeKeys(folder, "hub.keys", lines.joined())
        let hub = try DaemonHarness(extraConfig: "[daemon]\nsite_name = \"Huyện ủy Tây Sơn\"\n[hub]\nkeys_file = \(keysFile)\n")
        return (hub, folder)
    }

    /// A published HN-11 for xa-a, xa-b and xa-c; the list has rows for xa-a and xa-b only.
    static func publish(_ hub: DaemonHarness, folder: String) throws {
        let define = try hub.attendctl(["district", "define", "HN-11", "--title", "Hội nghị quán triệt Nghị quyết 11", "--date", "2026-11-23",
                                        "--parts", "Sáng 07:30-11:30", "--bridges", "xa-a,xa-b,xa-c"])
        #expect(define.status == 0, "\(define)")
        let csv = folder + "/huyen.csv"
        try ("Mã,Họ và tên,Đơn vị,Đối tượng,Điểm cầu\n"
            + "A1,Nguyễn Văn An,Chi bộ 2,đảng viên,xa-a\n"
            + "Hà-A2,Trần Thị Hà,Chi bộ 1,đảng viên,xa-a\n"
            + "A3,Lê Văn Bình,Chi bộ 1,đảng viên,xa-a\n"
            + "B1,Phạm Thị Dung,Chi bộ 5,đảng viên,UBND xã Tây Giang\n"
            + (0..<10).map { "B\($0 + 2),Võ Văn Khải \($0),Chi bộ 6,đảng viên,xa-b\n" }.joined()).write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try hub.attendctl(["district", "invite", "import", csv, "--conf", "HN-11"])
        #expect(imported.status == 0, "\(imported)")
    }

    /// Where each of `phrases` first occurs in `page`, in order (nil where missing).
    static func positions(_ phrases: [String], in page: String) -> [String.Index?] {
        phrases.map { page.range(of: $0)?.lowerBound }
    }

    @Test func everyHallOfAPublishedConferenceOnItsOwnPages() throws {
        let (hub, folder) = try Self.hub()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.publish(hub, folder: folder)
        let file = folder + "/the.html"
        let cards = try hub.attendctl(["cards", "HN-11", "--html", file])
        #expect(cards.status == 0, "\(cards)")
        #expect(cards.stdout.contains("14 cards of 2 bridge points, 3 A4 pages"), "\(cards.stdout)")
        // xa-c takes part with no rows: named, no page; xa-d takes no part: not mentioned.
        #expect(cards.stderr.contains("no rows for xa-c (UBND thị trấn Phú Phong)"), "\(cards.stderr)")
        #expect(!cards.stderr.contains("xa-d"))
        let page = try String(contentsOfFile: file, encoding: .utf8)
        #expect(page.components(separatedBy: "<section class=\"sheet\">").count - 1 == 3)
        // The keys file's order (xa-b first), each hall's page headed by its place; within a hall
        // by unit as the list names them, then in Vietnamese order (Bình before Hà).
        let order = Self.positions([
            "Điểm cầu UBND xã Tây Giang · HN-11 · trang 1/2", "Phạm Thị Dung", "Võ Văn Khải 7", "Điểm cầu UBND xã Tây Giang · HN-11 · trang 2/2",
            "Võ Văn Khải 9", "Điểm cầu xã Bình Thuận · HN-11 · trang 1/1", "Nguyễn Văn An", "Lê Văn Bình", "Trần Thị Hà",
        ], in: page)
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted(), "\(order)")
        // Each card names its place once (the keys file's "Điểm cầu xã Bình Thuận" is not doubled).
        #expect(page.components(separatedBy: "<div class=\"place\">Điểm cầu UBND xã Tây Giang</div>").count - 1 == 11)
        #expect(page.components(separatedBy: "<div class=\"place\">Điểm cầu xã Bình Thuận</div>").count - 1 == 3)
        #expect(!page.contains("Điểm cầu Điểm cầu"))
        #expect(page.contains("aria-label=\"H%C3%A0-A2\""))
        #expect(page.contains("Hội nghị quán triệt Nghị quyết 11"))

        // Invitations: the district issues them, the hall is the place.
        let letters = try hub.attendctl(["cards", "HN-11", "--html", folder + "/moi.html", "--invitation", "--bridge", "xa-a"])
        #expect(letters.status == 0, "\(letters)")
        #expect(letters.stdout.contains("3 invitations of 1 bridge point, 2 A4 pages"), "\(letters.stdout)")
        let letter = try String(contentsOfFile: folder + "/moi.html", encoding: .utf8)
        #expect(letter.contains("HUYỆN ỦY TÂY SƠN"))
        #expect(letter.contains("<th>Địa điểm:</th><td>Điểm cầu xã Bình Thuận</td>"), "\(letter)")
        #expect(letter.contains("Sáng 07:30-11:30, ngày 23 tháng 11 năm 2026"))
        #expect(!letter.contains("Phạm Thị Dung"))

        // One hall by its name, typed without diacritics; English words.
        let one = try hub.attendctl(["cards", "HN-11", "--html", folder + "/b.html", "--bridge", "ubnd xa tay giang", "--lang", "en"])
        #expect(one.status == 0, "\(one)")
        let hallB = try String(contentsOfFile: folder + "/b.html", encoding: .utf8)
        #expect(hallB.contains("Bridge point UBND xã Tây Giang · HN-11 · page 2/2") && !hallB.contains("Nguyễn Văn An"))
    }

    @Test func anUnpublishedConferenceOrAnUnknownHallIsNamedAndNothingIsWritten() throws {
        let (hub, folder) = try Self.hub()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/the.html"
        let unpublished = try hub.attendctl(["cards", "HN-12", "--html", file])
        #expect(unpublished.status == 1)
        #expect(unpublished.stderr.contains("conference HN-12 is not published on this hub"), "\(unpublished.stderr)")
        #expect(try hub.attendctl(["cards", "HN-12", "--html", file, "--bridge", "xa-a"]).stderr.contains("is not published on this hub"))
        try Self.publish(hub, folder: folder)
        let unknown = try hub.attendctl(["cards", "HN-11", "--html", file, "--bridge", "xa-z"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("bridge point xa-z is not an id or a name in the hub's keys file (xa-b, xa-a, xa-c, xa-d)"), "\(unknown.stderr)")
        let notTaking = try hub.attendctl(["cards", "HN-11", "--html", file, "--bridge", "xa-d"])
        #expect(notTaking.stderr.contains("bridge point xa-d does not take part in HN-11"), "\(notTaking.stderr)")
        let empty = try hub.attendctl(["cards", "HN-11", "--html", file, "--bridge", "xa-c"])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("there is nothing to print"), "\(empty.stderr)")
        #expect(try hub.attendctl(["cards", "HN-11", "--html", file, "--bridge"]).status == 2)
        // Withdrawn: nothing to print.
        #expect(try hub.attendctl(["district", "withdraw", "HN-11"]).status == 0)
        let withdrawn = try hub.attendctl(["cards", "HN-11", "--html", file])
        #expect(withdrawn.stderr.contains("conference HN-11 was withdrawn"), "\(withdrawn.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file))
        // A bridge point has no halls to choose from.
        let hall = try DaemonHarness()
        try hall.openConference("HN")
        #expect(try hall.attendctl(["cards", "HN", "--html", file, "--bridge", "xa-a"]).stderr.contains("bridge= is for a hub"))
    }
}
