import Foundation
import Testing

@testable import AttendCore

/// The status file's `state` keeps its text, and the operator's line says what a storage error means.
@Suite struct DaemonStateTests {
    @Test func theStatusFileKeepsTheSameText() throws {
        #expect(DaemonState.allCases.map(\.rawValue) == ["ready", "stopping", "stopped", "storage_error"])
        for state in DaemonState.allCases {
            let json = try JSONEncoder().encode([state])
            #expect(String(decoding: json, as: UTF8.self) == "[\"\(state.rawValue)\"]")
            #expect(try JSONDecoder().decode([DaemonState].self, from: json) == [state])
        }
    }

    @Test func theTextFormShowsEachState() {
        #expect(StatusTextFormat.state(.ready) == "ready")
        #expect(StatusTextFormat.state(.stopping) == "stopping")
        #expect(StatusTextFormat.state(.stopped) == "stopped")
        #expect(StatusTextFormat.state(.storageError) == "STORAGE ERROR: the database refuses writes, terminals get ERR unavailable")
    }
}
