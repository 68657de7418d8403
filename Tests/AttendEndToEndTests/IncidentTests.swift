import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// Connection-quality incidents from operators and terminals, and from the daemon's own probes
/// against loopback servers the test starts, stops and slows down.
@Suite struct IncidentTests {
    @Test func operatorsAndTerminalsReportIncidents() throws {
        let daemon = try DaemonHarness()
        let started = try daemon.attendctl(["incident", "start", "audio_lost", "--note", "loa hỏng"])
        #expect(started.status == 0, "\(started)")
        #expect(started.stdout.contains("new=1"))
        // Starting it again is not an error, and not a second incident.
        let again = try daemon.attendctl(["incident", "start", "audio"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("new=0"))

        let client = try daemon.connect()
        let fromTerminal = try client.request("INCIDENT action=start kind=video_lost term=hall-1")
        #expect(fromTerminal.isOK)
        #expect(try client.request("INCIDENT action=start kind=nonsense term=hall-1").error == .invalid)
        #expect(try client.request("INCIDENTS").error == .notAuthorised)

        var status = try daemon.waitForStatus { $0.incidents?.count == 2 }
        #expect(Set(status.incidents?.map(\.kind) ?? []) == ["audio_lost", "video_lost"])

        #expect(try daemon.attendctl(["incident", "end", "audio_lost"]).stdout.contains("ended=1"))
        // An operator can end what a terminal started; ending again answers ended=0.
        #expect(try daemon.attendctl(["incident", "end", "video_lost"]).stdout.contains("ended=1"))
        #expect(try client.request("INCIDENT action=end kind=video_lost term=hall-1")["ended"] == "0")
        status = try daemon.waitForStatus { $0.incidents?.isEmpty == true }
        let list = try daemon.attendctl(["incident", "list"])
        #expect(list.stdout.contains("audio_lost\tended"))
        #expect(list.stdout.contains("loa hỏng"))
        #expect(list.stdout.contains("terminal hall-1"))
    }
}

/// The daemon's own probes against loopback servers: down, back, slow; and the line test.
@Suite struct ProbeTests {
    @Test func probesOpenAndCloseIncidentsWithHysteresisAndTheLineTestIsStored() throws {
        let upstream = try LoopbackTCPServer()
        let echo = try LoopbackUDPEcho()
        let daemon = try DaemonHarness(extraConfig: """
            [probes]
            targets = bridge 127.0.0.1:\(upstream.port) tcp, district 127.0.0.1:\(echo.port) udp
            interval = 1
            timeout_ms = 400
            fail_after = 2
            recover_after = 2
            degraded_rtt_ms = 100
            """)
        var status = try daemon.waitForStatus { $0.probes?.allSatisfy { $0.state == "ok" } == true }
        #expect(status.probes?.map(\.name) == ["bridge", "district"])
        #expect(status.probes?.first?.lastRttMs != nil)

        upstream.stop()
        status = try daemon.waitForStatus(timeoutSeconds: 20) { $0.incidents?.contains { $0.kind == "line_down" } == true }
        #expect(status.incidents?.first { $0.kind == "line_down" }?.by == "bridge")
        #expect(status.probes?.first { $0.name == "bridge" }?.state == "down")

        try upstream.start()
        status = try daemon.waitForStatus(timeoutSeconds: 20) { $0.incidents?.isEmpty == true }
        #expect(status.probes?.first { $0.name == "bridge" }?.state == "ok")

        echo.delayMilliseconds = 200  // slower than degraded_rtt_ms, within the timeout
        status = try daemon.waitForStatus(timeoutSeconds: 30) { $0.incidents?.contains { $0.kind == "degraded" } == true }
        #expect(status.incidents?.first { $0.kind == "degraded" }?.by == "district")
        echo.delayMilliseconds = 0
        status = try daemon.waitForStatus(timeoutSeconds: 20) { $0.incidents?.isEmpty == true }

        // One outage, one incident: the list holds exactly one line_down for the bridge.
        let list = try daemon.attendctl(["incident", "list"])
        #expect(list.stdout.components(separatedBy: "line_down").count - 1 == 1)

        upstream.stop()
        let test = try daemon.attendctl(["linetest", "--seconds", "3"])
        #expect(test.status == 1, "a failed target is exit 1: \(test)")
        #expect(test.stdout.contains("bridge\tFAILED"))
        #expect(test.stdout.contains("district\tPASSED"))
        status = try daemon.waitForStatus { $0.lineTests?.count == 2 }
        #expect(status.lineTests?.first { $0.target == "bridge" }?.passed == false)
        #expect(status.lineTests?.first { $0.target == "district" }?.passed == true)
        let human = try daemon.attendctl(["status"])
        #expect(human.stdout.contains("Line test:      bridge"))
        #expect(human.stdout.contains("FAILED 100% lost"))
        let metrics = try String(contentsOfFile: daemon.dataDirectory + "/run/attendd.prom", encoding: .utf8)
        #expect(metrics.contains("attendd_linetest_passed{target=\"bridge\"} 0"))
        #expect(metrics.contains("attendd_probe_up{target=\"district\"} 1"))
        #expect(metrics.contains("attendd_incidents_open{kind=\"audio_lost\"} 0"))
    }
}
