import AttendTestSupport
import Foundation
import Glibc
import Testing

/// `attendctl linetest` tells a script how the test went: any failed target is exit 1.
@Suite struct LineTestExitTests {
    @Test func aFailedTargetIsExitOneAndAllPassedIsZero() throws {
        let up = try LoopbackTCPServer()
        // A port that was free a moment ago: nothing listens there, so every check is refused.
        let (fd, closedPort) = try listenOnLoopback(port: 0)
        close(fd)
        let daemon = try DaemonHarness(extraConfig: """
            [probes]
            targets = district 127.0.0.1:\(up.port) tcp, bridge 127.0.0.1:\(closedPort) tcp
            interval = 1
            timeout_ms = 400
            """)
        let failed = try daemon.attendctl(["linetest", "--seconds", "2"])
        #expect(failed.stdout.contains("bridge\tFAILED"), "\(failed)")
        #expect(failed.stdout.contains("district\tPASSED"), "\(failed)")
        #expect(failed.status == 1, "one target failed, yet exit \(failed.status)")

        let passing = try DaemonHarness(extraConfig: """
            [probes]
            targets = district 127.0.0.1:\(up.port) tcp
            interval = 1
            timeout_ms = 400
            """)
        let passed = try passing.attendctl(["linetest", "--seconds", "2"])
        #expect(passed.stdout.contains("district\tPASSED"), "\(passed)")
        #expect(passed.status == 0, "\(passed)")
    }
}
