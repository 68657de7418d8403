import Foundation
import Testing

@testable import AttendCore

/// The UDP figures of the status: in the JSON, the textfile and `attendctl status`; absent when
/// an older daemon wrote the file.
@Suite struct StatusDatagramsTests {
    @Test func theUDPFiguresAreShownEverywhere() throws {
        var snapshot = StatusRenderingTests.snapshot()
        snapshot.datagrams = .init(received: 1_200, repliesDropped: 3, kernelDrops: 41)
        let decoded = try StatusSnapshot.decode(json: snapshot.jsonData())
        #expect(decoded.datagrams == snapshot.datagrams)
        #expect(snapshot.humanReport(now: StatusRenderingTests.now).contains(
            "1200 datagrams, 3 replies dropped, 41 dropped by the kernel (receive buffer full)"))
        let prometheus = snapshot.prometheusText()
        #expect(prometheus.contains("attendd_udp_datagrams_received_total 1200\n"))
        #expect(prometheus.contains("attendd_udp_replies_dropped_total 3\n"))
        #expect(prometheus.contains("attendd_udp_kernel_drops_total 41\n"))

        snapshot.datagrams = nil
        #expect(!snapshot.humanReport(now: StatusRenderingTests.now).contains("UDP"))
        #expect(!snapshot.prometheusText().contains("attendd_udp_"))
    }
}
