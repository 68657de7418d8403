import AttendCore
import Foundation

/// The hub's live board, shared by the tally checker (which fills it) and the query reader and
/// the upward live pusher (which read it). In memory: a restart blanks it for one interval, until
/// every hall's next summary; it costs the writer nothing.
///
/// `@unchecked Sendable`: `board` is guarded by `lock`.
final class LiveBoardStore: @unchecked Sendable {
    private let lock = NSLock()
    private var board = LiveBoard()

    /// Keeps the summary when it is the newest of its hall and conference.
    func offer(_ summary: LiveSummary, seq: Int64, heardAt: Timestamp) -> Bool {
        lock.withLock { board.offer(summary, seq: seq, heardAt: heardAt) }
    }

    /// The hall's final tally arrived (`LiveBoard.close`).
    func close(bridge: String, conference: String) {
        lock.withLock { board.close(bridge: bridge, conference: conference) }
    }

    var snapshot: LiveBoard { lock.withLock { board } }
}
