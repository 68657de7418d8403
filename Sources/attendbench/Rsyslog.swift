import Foundation
import Glibc

/// rsyslog as a peer line daemon: the same generated lines into a private rsyslogd's TCP input,
/// written to a file with `asyncWriting="off" flushOnTXEnd="on"`. It neither acknowledges nor
/// syncs, so it bounds what a line daemon on this machine can take at all.
enum Rsyslog {
    static let section = "rsyslog peer (unacknowledged, unsynced)"
    static let candidates = ["/usr/sbin/rsyslogd", "/sbin/rsyslogd", "/usr/local/sbin/rsyslogd"]
    static let connections = 8

    /// Reports the lines a second rsyslog took into its file, and attendd's ratio to it; a
    /// skipped row when rsyslogd is not installed.
    static func run(_ options: BenchOptions, attendd: Double?, reporter: Reporter) throws {
        guard let executable = candidates.first(where: { access($0, X_OK) == 0 }) else {
            reporter.add(.missing(section, "rsyslog lines/s", target: nil,
                note: "skipped: rsyslogd not found; install it with: apt-get install rsyslog"))
            return
        }
        let directory = options.directory + "attendbench-rsyslog-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory + "/work", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = try BenchSocket.freePort()
        let output = directory + "/out.log"
        // Only imtcp: imuxsock and imklog load only when a config asks for them.
        let config = """
            global(workDirectory="\(directory)/work")
            module(load="imtcp" maxSessions="100")
            template(name="raw" type="string" string="%rawmsg%\\n")
            ruleset(name="r") {
                action(type="omfile" file="\(output)" template="raw" asyncWriting="off" flushOnTXEnd="on")
            }
            input(type="imtcp" port="\(port)" address="127.0.0.1" ruleset="r")

            """
        try config.write(toFile: directory + "/rsyslog.conf", atomically: true, encoding: .utf8)
        let process = try BenchProcess(
            executable, ["-n", "-f", directory + "/rsyslog.conf", "-i", directory + "/rsyslogd.pid"],
            logPath: directory + "/rsyslogd.log")
        defer { process.kill() }
        try waitForListener(port: port, process: process, log: directory + "/rsyslogd.log")

        let lines = LineGenerator.perConnection(tag: "rsyslog", connections: connections, total: options.rsyslogLines)
        let expectedBytes = lines.reduce(0) { $0 + $1.bytes.count }
        reporter.progress("rsyslog: \(options.rsyslogLines) lines over \(connections) connections")
        let load = try PipelinedLoad(
            port: port, lines: lines, shape: .init(window: .max, block: 512, expectReplies: false, timeoutSeconds: 60))
        let start = MonotonicClock.now()
        let sent = load.run()
        var size = 0
        let deadline = MonotonicClock.now() + 60_000_000_000
        while MonotonicClock.now() < deadline {
            var info = stat()
            if stat(output, &info) == 0 { size = Int(info.st_size) }
            if size >= expectedBytes { break }
            usleep(500)
        }
        let seconds = MonotonicClock.seconds(since: start)
        let complete = size >= expectedBytes
        let written = complete ? sent.sent : Int(Double(sent.sent) * Double(size) / Double(max(expectedBytes, 1)))
        let rate = Double(written) / seconds
        reporter.add(Measurement(
            section, "rsyslog, \(connections) connections, into a file", rate, "lines/s",
            note: String(format: "%d lines in %.2f s (sent in %.2f s)", written, seconds, sent.seconds)
                + (complete ? "" : "; FILE INCOMPLETE after 60 s")))
        if let attendd {
            reporter.add(Measurement(section, "  attendd (8 connections, durable) / rsyslog", attendd / rate, "x", atLeast: 0.5))
        }
    }

    private static func waitForListener(port: Int, process: BenchProcess, log: String) throws {
        let deadline = MonotonicClock.now() + 10_000_000_000
        while MonotonicClock.now() < deadline {
            if let fd = try? BenchSocket.connectTCP(port: port) {
                close(fd)
                return
            }
            guard process.isRunning else {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw BenchError("rsyslogd exited (\(process.exit?.description ?? "?")): \(text.suffix(1000))")
            }
            usleep(2_000)
        }
        throw BenchError("rsyslogd did not listen on 127.0.0.1:\(port) within 10 s")
    }
}
