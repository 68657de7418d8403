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

    /// A state this version never writes (a newer daemon's) is read and shown as written, as
    /// when the state was a plain string: `attendctl status` prints the file rather than refusing it.
    @Test func anUnknownStateIsKeptAsWritten() throws {
        let state = try JSONDecoder().decode([DaemonState].self, from: Data(#"["starting"]"#.utf8))
        #expect(state == [.other("starting")])
        #expect(String(decoding: try JSONEncoder().encode(state), as: UTF8.self) == #"["starting"]"#)
        #expect(StatusTextFormat.state(.other("starting")) == "starting")
    }
}
