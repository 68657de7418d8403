import AttendCore
import AttendDaemon
import AttendIO
import AttendStore
import Foundation

/// FIND against 10,000 invited through the real daemon, one request at a time on one terminal
/// connection: the per-FIND time a terminal sees, which bounds how long a flood of FINDs can
/// hold the query reader (issue 13, item 5: it was 116 ms when each name was folded per query).
enum FindBench {
    static let section = "FIND"

    static let surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
    static let middles = ["Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Ngọc", "Quang"]
    static let givens = ["An", "Anh", "Bình", "Cường", "Dũng", "Đạt", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Nam", "Thủy", "Tú"]
    /// What operators type: a full name without marks, initials, one given name, a surname.
    static let queries = ["nguyen van an", "ng v a", "thuy", "tran thi", "dang duc dat", "h", "le minh long", "bui q", "xyz"]

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let invited = options.quick ? 1_000 : 10_000
        let finds = options.quick ? 50 : 500
        reporter.progress("FIND: importing \(invited) invited")
        let daemon = try BenchDaemon.start(options, name: "find")
        defer { _ = daemon.stop() }
        let csv = "Mã,Họ và tên,Đơn vị,Đối tượng\n" + (0..<invited).map { index in
            "DV-\(index),\(surnames[index % 14]) \(middles[(index / 14) % 8]) \(givens[(index / 112) % 15]),Chi bộ \(index % 40),Đảng viên\n"
        }.joined()
        let control = try LineClient(unixPath: daemon.folder.controlSocket)
        let payload = Array(csv.utf8)
        let imported = try control.request("INVITE conf=\(BenchDaemon.conference) bytes=\(payload.count)", payload: payload, timeoutSeconds: 60)
        guard imported.isOK else { throw BenchError("INVITE refused: \(imported)") }

        let terminal = try LineClient(host: "127.0.0.1", port: daemon.port)
        func find(_ query: String) throws -> Double {
            let began = MonotonicClock.now()
            let reply = try terminal.request("FIND q=\"\(query)\"", timeoutSeconds: 60)
            guard reply.isOK else { throw BenchError("FIND refused: \(reply)") }
            return MonotonicClock.seconds(since: began) * 1000
        }
        // The reader opens its connection on its first query: SUMMARY (which reads the list too) first.
        guard try terminal.request("SUMMARY", timeoutSeconds: 60).isOK else { throw BenchError("SUMMARY refused") }
        let first = try find(queries[0])
        var times: [Double] = []
        for index in 0..<finds { times.append(try find(queries[index % queries.count])) }
        let figures = Percentiles(times)
        reporter.add(Measurement(
            section, "FIND with \(invited) invited: median per FIND", figures.at(50), "ms", atMost: 5,
            note: String(format: "p99 %.2f ms, worst %.2f ms over %d FINDs on one connection, one at a time (%d queries typed as operators do)",
                         figures.at(99), figures.max, finds, queries.count)))
        // The two halves of that first FIND, measured here on a connection of our own.
        let store = try AttendanceStore(path: daemon.folder.databasePath, readOnly: true)
        var began = MonotonicClock.now()
        let rows = try store.invited.allFolded(conference: BenchDaemon.conference)
        let read = MonotonicClock.seconds(since: began) * 1000
        began = MonotonicClock.now()
        let index = FoldedNameIndex(folded: rows)
        let build = MonotonicClock.seconds(since: began) * 1000
        began = MonotonicClock.now()
        for query in queries { _ = index.search(query, limit: 50) }
        let search = MonotonicClock.seconds(since: began) * 1000 / Double(queries.count)
        reporter.add(Measurement(
            section, "first FIND after the import", first, "ms",
            note: String(format: "builds the conference's folded-name index (reading the %d stored folded names %.1f ms, splitting them %.1f ms); "
                         + "later FINDs reuse it until the next import; the search alone %.3f ms", index.count, read, build, search)))
    }
}
