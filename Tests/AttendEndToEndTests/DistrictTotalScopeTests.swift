import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// The total a district hub pushes to its province, for a conference it published: only the
/// conference's `--bridges` count, with the district's planned count where a hall confirmed none.
@Suite struct DistrictTotalScopeTests {
    @Test func theUpwardTotalOfAPublishedConferenceCountsOnlyItsBridges() throws {
        let folder = NSTemporaryDirectory() + "attendd-scope-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let keyA = String(repeating: "a7", count: 32), keyB = String(repeating: "b8", count: 32)
        let districtKey = String(repeating: "d9", count: 32)
        let province = try DaemonHarness(extraConfig: "[hub]\nkeys_file = "
            + (try DistrictPushTests.writeKeys(folder, "province.keys", "huyen-ts \(districtKey) Huyện Tây Sơn\n")) + "\nreport_delay = 0\n")
        let district = try DaemonHarness(extraConfig: "[hub]\nkeys_file = "
            + (try DistrictPushTests.writeKeys(folder, "district.keys", "xa-a \(keyA) Xã A\nxa-b \(keyB) Xã B\n")) + "\nreport_delay = 0\n"
            + DistrictPushTests.pushConfig(to: province.port, bridge: "huyen-ts",
                                           keysFile: try DistrictPushTests.writeKeys(folder, "up.keys", "huyen-ts \(districtKey)\n")))

        // The district publishes HN for xa-a alone, one delegate and a planned count of 4.
        let now = district.now()
        let define = try district.attendctl([
            "district", "define", "HN", "--title", "Hội nghị", "--date", PlanClock.day(PlanClock.minute(of: now, plus: -60)),
            "--parts", PlanClock.part("Sáng", at: now, from: -60, to: 120), "--bridges", "xa-a", "--manual",
        ])
        #expect(define.status == 0, "\(define)")
        let csv = folder + "/list.csv"
        try "Mã,Họ và tên,Đối tượng,Điểm cầu\nA1,Nguyễn Văn An,đảng viên,xa-a\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try district.attendctl(["district", "invite", "import", csv, "--conf", "HN", "--expected", "xa-a=4"])
        #expect(imported.status == 0, "\(imported)")

        // xa-a holds the district's HN (one delegate, one walk-in); xa-b, in the keys file but not
        // in --bridges, holds an HN of its own with two walk-ins and pushes it to the district too.
        let hallA = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(
            to: district.port, bridge: "xa-a", keysFile: try DistrictPushTests.writeKeys(folder, "a.keys", "xa-a \(keyA)\n")) + "poll = 1\n")
        #expect(try DistrictPlansTests.wait(15) { try DistrictPlansTests.invited(hallA, "HN") == ["A1"] })
        try hallA.openConference("HN")
        for (seq, id) in ["A1", "W1"].enumerated() { #expect(try hallA.connect().request("CHECKIN id=\(id) term=t seq=\(seq)").isOK) }
        #expect(try hallA.attendctl(["close"]).status == 0)
        let hallB = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(
            to: district.port, bridge: "xa-b", keysFile: try DistrictPushTests.writeKeys(folder, "b.keys", "xa-b \(keyB)\n")))
        try DistrictPushTests.holdConference("HN", at: hallB, checkIns: 2)

        // Both finals are at the district, and its outbox has gone up.
        _ = try DistrictPushTests.rollup(district, "HN") { $0.reported.count == 2 }
        #expect(try DistrictPlansTests.wait(30) { try district.control().request("OUTBOX")["waiting"] == "0" })
        let total = try DistrictPushTests.rollup(province, "HN") { $0.reported.first?.invited == 1 }
        #expect(total.reported.map(\.id) == ["huyen-ts"])
        #expect(total.total.invited == 1)
        #expect(total.total.present == 1)
        #expect(total.total.walkIns == 1)  // xa-a's W1, not xa-b's two
        #expect(total.expectedDelegates == 4)  // the district's planned count for xa-a
    }
}
