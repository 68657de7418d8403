@testable import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// A card's code at the hall: the scanner types the id's ASCII form and attendd checks in the
/// id itself; `attendctl cards` from the invited list, and its refusals.
@Suite struct CardsTests {
    static let csv = "Mã,Họ và tên,Đơn vị,Đối tượng\n"
        + "Hà-001,Nguyễn Thị Hà,Chi bộ 1,Đảng viên\n"
        + "DV-0042,Trần Văn Bình,UBND xã,Công chức\n"
        + "Đạt-QT/7,Lê Quốc Đạt,Chi bộ 1,Đảng viên\n"
        + "Nguyễn-Thị-Phương-Thảo-Chi-bộ-Khối,Nguyễn Thị Phương Thảo,Chi bộ 2,Đảng viên\n"

    static func invited(_ daemon: DaemonHarness, conference: String = "HN") throws {
        let path = daemon.directory + "/moi.csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let imported = try daemon.attendctl(["invite", "import", path, "--conf", conference])
        #expect(imported.status == 0, "\(imported)")
    }

    @Test func aScannedVietnameseIdChecksInTheIdItself() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("HN")
        try Self.invited(daemon)
        let client = try daemon.connect()
        // What the card's code carries, as a keyboard-wedge scanner types it.
        #expect(DelegateCode.asciiForm(of: "Hà-001") == "H%C3%A0-001")
        let scanned = try client.request("CHECKIN id=H%C3%A0-001 term=t1 seq=1 method=qr")
        #expect(scanned.isOK, "\(scanned)")
        #expect(scanned["id"] == "Hà-001")
        #expect(scanned["invited"] == "1")
        #expect(scanned["name"] == "Nguyễn Thị Hà")
        // The same delegate typed with its letters is the same delegate, checked in already.
        let typed = try client.request("CHECKIN id=Hà-001 term=t1 seq=2")
        #expect(typed["id"] == "Hà-001")
        #expect(typed["first"] == "0")
        // attendctl sends what it is given: the form maps back there too.
        let byHand = try daemon.attendctl(["checkin", "%C4%90%E1%BA%A1t-QT/7"])
        #expect(byHand.status == 0, "\(byHand)")
        #expect(byHand.stdout.contains("id=Đạt-QT/7"))
        #expect(byHand.stdout.contains("invited=1"))
        // A stray % is an id as typed; a form of more than 64 bytes of id is refused by name.
        let stray = try client.request("CHECKIN id=50% term=t1 seq=3")
        #expect(stray["id"] == "50%")
        let long = String(repeating: "%C3%A0", count: 31) + "xxx"
        let refused = try client.request("CHECKIN id=\(long) term=t1 seq=4")
        #expect(!refused.isOK)
        #expect(String(decoding: refused.encoded(), as: UTF8.self).contains("longer than 64 bytes"), "\(refused)")
        let tooLongToRead = try client.request("CHECKIN id=\(String(repeating: "x", count: 193)) term=t1 seq=5")
        #expect(String(decoding: tooLongToRead.encoded(), as: UTF8.self).contains("id is longer than 192 bytes"), "\(tooLongToRead)")
        #expect(try client.request("PING").isOK)
    }

    /// The operator's terminal, as the hall's scanner types a card's QR code into it.
    @Test func theTerminalChecksInTheScannedFormOfAVietnameseId() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("HN", title: "Hội nghị quán triệt")
        try Self.invited(daemon)
        let screen = try PseudoTerminal(
            "attendctl", ["--config", daemon.configPath, "terminal", "--term", "t1", "--queue", daemon.directory + "/t1.queue",
                          "--data", daemon.dataDirectory], width: 80, height: 24, environment: daemon.clockEnvironment)
        try screen.waitFor("Có mặt 0/4")
        screen.type(DelegateCode.asciiForm(of: "Đạt-QT/7") + "\r")
        try screen.waitFor(TerminalText.spaced("Lê Quốc Đạt", fitting: 76))
        try screen.waitFor("Có mặt 1/4")
        // Stored as the delegate's own id: typed with its letters, it was checked in already.
        let again = try daemon.connect().request("CHECKIN id=Đạt-QT/7 term=t2 seq=1")
        #expect(again["first"] == "0", "\(again)")
    }

    @Test func cardsAndInvitationsFromTheInvitedList() throws {
        let daemon = try DaemonHarness()
        let defined = try daemon.attendctl(["define", "HN", "--title", "Hội nghị quán triệt Nghị quyết", "--date", daemon.today,
                                            "--parts", daemon.partUnderWay("Sáng")])
        #expect(defined.status == 0, "\(defined)")
        try daemon.openConference("HN", title: "Hội nghị quán triệt Nghị quyết")
        try Self.invited(daemon)
        let file = daemon.directory + "/the.html"
        let cards = try daemon.attendctl(["cards", "HN", "--html", file])
        #expect(cards.status == 0, "\(cards)")
        #expect(cards.stdout.contains("4 cards, 1 A4 page"), "\(cards.stdout)")
        // The one id whose bars would not fit a card is named.
        #expect(cards.stderr.contains("1 id is too long for Code 128"), "\(cards.stderr)")
        #expect(cards.stderr.contains("Nguyễn-Thị-Phương-Thảo-Chi-bộ-Khối"))
        let page = try String(contentsOfFile: file, encoding: .utf8)
        #expect(page.contains("Hội nghị quán triệt Nghị quyết"))
        #expect(page.contains("Mã số: Đạt-QT/7"))
        #expect(page.contains("aria-label=\"H%C3%A0-001\""))
        // Print order: by unit as the list first names them, then in Vietnamese order (Đạt before Hà).
        let order = ["Lê Quốc Đạt", "Nguyễn Thị Hà", "Trần Văn Bình", "Nguyễn Thị Phương Thảo"].map { page.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())

        // Issued today on attendctl's clock (the daemon's, moved by CI's passes across midnight).
        let dayBefore = daemon.today
        let invitations = try daemon.attendctl(["cards", "HN", "--html", daemon.directory + "/moi.html", "--invitation"])
        let dayAfter = daemon.today
        #expect(invitations.status == 0, "\(invitations)")
        #expect(invitations.stdout.contains("4 invitations, 2 A4 pages"))
        let letter = try String(contentsOfFile: daemon.directory + "/moi.html", encoding: .utf8)
        #expect(letter.contains("GIẤY MỜI"))
        #expect(letter.contains("Sáng "))
        #expect([dayBefore, dayAfter].contains { letter.contains(ReportPage.longDate($0, language: .vietnamese)) })

        let year = try daemon.attendctl(["cards", "HN", "--html", daemon.directory + "/nam.html", "--year", "2026"])
        #expect(year.status == 0)
        #expect(try String(contentsOfFile: daemon.directory + "/nam.html", encoding: .utf8).contains("Có giá trị trong năm 2026"))
    }

    @Test func nothingIsWrittenWithoutAnInvitedListOrForAnUnknownConference() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("HN")
        let file = daemon.directory + "/the.html"
        let empty = try daemon.attendctl(["cards", "HN", "--html", file])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("conference HN has no invited list"), "\(empty.stderr)")
        #expect(empty.stderr.contains("attendctl invite import FILE.csv --conf HN"))
        let unknown = try daemon.attendctl(["cards", "NOPE", "--html", file])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no_conference"), "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(try daemon.attendctl(["cards", "HN"]).status == 2)
        #expect(try daemon.attendctl(["cards", "HN", "--html", file, "--year", "26"]).status == 2)
        #expect(try daemon.attendctl(["cards", "HN", "--html", file, "--invitation", "--year", "2026"]).status == 2)
        // The ROSTER line itself: the open conference's, as JSON.
        let roster = try daemon.control().request("ROSTER")
        #expect(roster.isOK)
        #expect(roster["invited"] == "0")
        #expect(Roster.decode(Data(roster.payload ?? []))?.conference == "HN")
    }
}
