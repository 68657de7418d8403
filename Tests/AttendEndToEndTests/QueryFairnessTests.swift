import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// One address floods FIND (within its rate burst) against 10,000 invited while a good terminal
/// asks SUMMARY and the admin runs `attendctl report`: both are answered within a bound, the
/// flood's excess is answered `ERR busy` at once, and FIND answers from a fresh index after a
/// new list is imported.
@Suite struct QueryFairnessTests {
    static let surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
    static let middles = ["Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Ngọc", "Quang"]
    static let givens = ["An", "Anh", "Bình", "Cường", "Dũng", "Đạt", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Nam", "Thủy", "Tú"]

    static func name(_ index: Int) -> String {
        "\(surnames[index % 14]) \(middles[(index / 14) % 8]) \(givens[(index / 112) % 15])"
    }

    static func importList(_ daemon: DaemonHarness, _ names: [String], file: String) throws {
        let csv = "Mã,Họ và tên,Đơn vị,Đối tượng\n" + names.enumerated().map { "DV-\($0.offset),\($0.element),Chi bộ \($0.offset % 40),Đảng viên\n" }.joined()
        let path = daemon.directory + "/" + file
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let imported = try daemon.attendctl(["invite", "import", path, "--conf", "FF"])
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    @Test func aFindFloodLeavesSummaryAndReportAnswered() throws {
        // The default rate limits: the flood stays inside its burst of 1,000.
        let daemon = try DaemonHarness(limits: "rate_per_source = 200\nrate_burst = 1000")
        try daemon.openConference("FF")
        let names = (0..<10_000).map(Self.name)
        try Self.importList(daemon, names, file: "moi.csv")
        let expected = names.filter { NameFolding.matches(query: "nguyen van an", name: $0) }.count
        let find = try daemon.connect().request("FIND q=\"nguyen van an\"")
        #expect(find.isOK && find["matches"] == String(expected), "\(find)")

        // 3 connections from 127.0.0.2, 200 FINDs each, all sent before the good requests.
        let flood = FloodCounts()
        let group = DispatchGroup()
        let sent = DispatchSemaphore(value: 0)
        for connection in 0..<3 {
            let port = daemon.port
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                flood.run(port: port, from: "127.0.0.2", finds: 200, tag: connection, sent: sent)
            }
        }
        for _ in 0..<3 { sent.wait() }

        let terminal = try daemon.connect()
        let summaryStarted = Date()
        let summary = try terminal.request("SUMMARY", timeoutSeconds: 60)
        let summarySeconds = Date().timeIntervalSince(summaryStarted)
        let reportStarted = Date()
        let report = try daemon.attendctl(["report"])
        let reportSeconds = Date().timeIntervalSince(reportStarted)
        #expect(group.wait(timeout: .now() + 120) == .success)
        print(String(format: "FIND flood of 600: SUMMARY answered in %.3f s, attendctl report in %.3f s; flood got %d OK, %d busy, %d other",
                     summarySeconds, reportSeconds, flood.ok, flood.busy, flood.other))
        #expect(summary.isOK && summary["invited"] == "10000", "\(summary)")
        #expect(summarySeconds < 2, "SUMMARY waited \(summarySeconds) s behind the flood")
        #expect(report.status == 0, "\(report.stderr)")
        #expect(reportSeconds < 10, "attendctl report waited \(reportSeconds) s behind the flood")
        // The flood's excess was refused at once, not queued; every FIND was answered.
        #expect(flood.ok + flood.busy == 600, "ok \(flood.ok) busy \(flood.busy) other \(flood.other)")
        #expect(flood.busy > 0)
        #expect(flood.ok >= QueryReaderLimits.perSource)

        // A new list: FIND answers from it, not from the index of the old one.
        try Self.importList(daemon, Array(repeating: "Trần Thị Lan", count: 12), file: "moi2.csv")
        let fresh = try daemon.connect()
        #expect(try fresh.request("FIND q=\"tran thi lan\"")["matches"] == "12")
        #expect(try fresh.request("FIND q=\"nguyen van an\"")["matches"] == "0")
        #expect(daemon.stop() == 0)
    }
}

/// The report reader's per-source bound, as the README states it.
enum QueryReaderLimits {
    static let perSource = 8
}

/// What the flooding connections were answered.
final class FloodCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var counts = (ok: 0, busy: 0, other: 0)
    var ok: Int { lock.withLock { counts.ok } }
    var busy: Int { lock.withLock { counts.busy } }
    var other: Int { lock.withLock { counts.other } }

    /// Sends `finds` FIND lines at once from `address`, signals `sent`, then reads every reply
    /// (a reply's payload, `bytes=N`, is skipped).
    func run(port: Int, from address: String, finds: Int, tag: Int, sent: DispatchSemaphore) {
        guard let fd = try? SourceBinding.connectTCP(from: address, port: port) else {
            sent.signal()
            return
        }
        defer { close(fd) }
        let lines = (0..<finds).map { "FIND q=\"ng v\" seq=\(tag * 1000 + $0)\n" }.joined()
        let bytes = Array(lines.utf8)
        var offset = 0
        while offset < bytes.count {
            let wrote = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard wrote > 0 else { break }
            offset += wrote
        }
        sent.signal()
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var replies = 0
        var skip = 0
        let deadline = Date().addingTimeInterval(110)
        while replies < finds && Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 1000) >= 0 else { return }
            guard poller.revents != 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            buffer += chunk[..<count]
            while true {
                if skip > 0 {
                    let taken = min(skip, buffer.count)
                    buffer.removeFirst(taken)
                    skip -= taken
                    if skip > 0 { break }
                }
                guard let end = buffer.firstIndex(of: 0x0A) else { break }
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 1)
                replies += 1
                let reply = try? Reply.decode(line)
                lock.withLock {
                    if reply?.isOK == true { counts.ok += 1 } else if line.hasPrefix("ERR busy") { counts.busy += 1 } else { counts.other += 1 }
                }
                if reply?.isOK == true, let bytes = reply?["bytes"].flatMap(Int.init) { skip = bytes }
            }
        }
    }
}
