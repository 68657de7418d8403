import AttendCore
import AttendIO
import Foundation
import Glibc

/// Issue 23's "after a 500-delegate conference day with two parts": a fresh daemon whose clock
/// stands at the end of the day, a conference defined with a morning and an afternoon, 500
/// invited, each checking in and out in both parts, the conference closed and every report
/// asked for and written, then its resident memory.
extension Memory {
    /// The day's conference, its date and parts (Vietnam time).
    static let dayConference = "DAY-2026"
    static let dayDate = "2026-11-23"
    static let dayParts = "Sáng 07:30-11:30, Chiều 13:30-17:00"
    /// The daemon's clock starts after the last part, so the terminals' `queued=1` times inside
    /// both parts are in its past (a future time is refused) and the tally counts them.
    static let dayClockStart = "2026-11-23T17:05:00+07:00"
    static let dayInvited = 500
    static let dayTerminals = 8

    /// The RSS of a daemon after the day (judged against 40 MB on the static runtime only).
    static func runDay(_ options: BenchOptions, dynamic: Bool, runtime: String, reporter: Reporter) throws {
        reporter.progress("memory: a \(dayInvited)-delegate day with two parts")
        let folder = try DaemonFolder(base: options.directory, name: "memory-day", extra: "")
        let reports = folder.directory + "/reports"
        try appendReportsDirectory(reports, to: folder)
        let daemon = try BenchDaemon(folder: folder, environment: [Clock.testStartVariable: dayClockStart])
        try daemon.waitUntilReady()
        let control = try LineClient(unixPath: folder.controlSocket)
        func ask(_ line: String, payload: [UInt8]? = nil) throws -> Reply {
            let reply = try control.request(line, payload: payload, timeoutSeconds: 60)
            guard reply.isOK else { throw BenchError("\(line.prefix(40)) refused: \(reply)") }
            return reply
        }
        _ = try ask("DEFINE conf=\(dayConference) title=\"Hội nghị một ngày\" date=\(dayDate) parts=\"\(dayParts)\" grace=10")
        let csv = "Mã,Họ và tên,Đơn vị,Đối tượng\n" + (1...dayInvited).map { index in
            "\(delegateID(index)),Nguyễn Văn \(index),Chi bộ \(index % 20),Đảng viên\n"
        }.joined()
        _ = try ask("INVITE conf=\(dayConference) bytes=\(csv.utf8.count)", payload: Array(csv.utf8))
        _ = try ask("OPEN conf=\(dayConference)")

        let result = try PipelinedLoad(port: daemon.port, lines: dayLines(), shape: .ingest(connections: dayTerminals)).run()
        guard result.errors == 0 else { throw BenchError("the day's check-ins: \(result.errors) ERR: \(result.firstError ?? "")") }
        let closed = try ask("CLOSE conf=\(dayConference)")
        var reportBytes = 0
        for format in ["text", "csv", "json", "html", "xlsx"] {
            reportBytes += try ask("REPORT conf=\(dayConference) format=\(format)").payload?.count ?? 0
        }
        try waitForReportFiles(reports)
        MonotonicClock.sleep(seconds: 0.5)
        let after = Usage.of(daemon.process.pid)
        _ = daemon.stop()
        reporter.add(Measurement(
            section, "after a \(dayInvited)-delegate day with two parts (\(runtime))", after.residentMB, "MB",
            atMost: dynamic ? nil : 40,
            note: "\(result.okReplies) queued check-ins and check-outs over \(dayTerminals) connections, closed with "
                + "checkins=\(closed["checkins"] ?? "?") checkouts=\(closed["checkouts"] ?? "?"), 5 reports (\(reportBytes / 1024) kB) "
                + "and the report files written; " + String(format: "peak (VmHWM) %.1f MB; ", after.peakMB) + after.parts))
    }

    private static func delegateID(_ index: Int) -> String {
        "DV-" + String(repeating: "0", count: max(0, 6 - String(index).count)) + String(index)
    }

    /// Four `queued=1` events a delegate (in and out of the morning, in and out of the
    /// afternoon), each delegate on one terminal so its events stay in order; a terminal's
    /// lines go morning first, as a day's scans would.
    private static func dayLines() -> [EncodedLines] {
        let moments: [(verb: String, hour: Int, minute: (Int) -> Int)] = [
            ("CHECKIN", 7, { 20 + $0 % 30 }), ("CHECKOUT", 11, { 20 + $0 % 10 }),
            ("CHECKIN", 13, { 20 + $0 % 30 }), ("CHECKOUT", 16, { 30 + $0 % 25 }),
        ]
        return (0..<dayTerminals).map { terminal in
            var lines = EncodedLines()
            var sequence = 0
            for moment in moments {
                for index in stride(from: terminal + 1, through: dayInvited, by: dayTerminals) {
                    sequence += 1
                    let time = two(moment.hour) + ":" + two(moment.minute(index)) + ":" + two(index % 60)
                    let line = "\(moment.verb) id=\(delegateID(index)) term=day-\(two(terminal)) seq=\(sequence) method=card "
                        + "queued=1 at=\(dayDate)T\(time)+07:00\n"
                    lines.bytes.append(contentsOf: line.utf8)
                    lines.ends.append(lines.bytes.count)
                }
            }
            return lines
        }
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `[daemon] reports_dir` for the folder's config (the section the bench config lacks).
    private static func appendReportsDirectory(_ reports: String, to folder: DaemonFolder) throws {
        guard let handle = FileHandle(forWritingAtPath: folder.configPath) else { throw BenchError("cannot open \(folder.configPath)") }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data("\n[daemon]\nreports_dir = \(reports)\n".utf8))
    }

    /// Waits until the report files thread wrote the closed conference's page (it renders at
    /// most every 3 s), then one more round.
    private static func waitForReportFiles(_ reports: String) throws {
        let deadline = MonotonicClock.now() + 30_000_000_000
        let page = reports + "/" + dayConference + ".xlsx"
        while access(page, F_OK) != 0 {
            guard MonotonicClock.now() < deadline else { throw BenchError("no \(page) after 30 s") }
            usleep(50_000)
        }
        MonotonicClock.sleep(seconds: 3.5)
    }
}
