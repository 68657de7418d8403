import AttendCore
import AttendStore
import Foundation

/// A counter the writer bumps after it committed a change of some invited list: the report
/// reader's FIND indexes built before it are stale.
///
/// `@unchecked Sendable`: `value` is guarded by `lock`.
final class InvitedGeneration: @unchecked Sendable {
    private let lock = NSLock()
    private var current: UInt64 = 0

    var value: UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Call after the commit, never inside the transaction: a reader that sees the new value
    /// must also see the new rows.
    func bump() {
        lock.lock()
        current &+= 1
        lock.unlock()
    }
}

/// FIND's folded-name indexes, one per conference, built on first use and again after an import.
struct FindIndexes {
    /// Indexes kept at most: FIND names any conference, and each index holds its whole list.
    static let capacity = 4

    private var built: [(conference: String, generation: UInt64, index: FoldedNameIndex)] = []

    /// The index of `conference` as of `generation`, building it from `store` when there is none
    /// that new; the least recently used goes when `capacity` is reached.
    mutating func index(
        _ conference: String, generation: UInt64, store: AttendanceStore
    ) throws(StoreError) -> FoldedNameIndex {
        if let found = built.firstIndex(where: { $0.conference == conference }) {
            let entry = built.remove(at: found)
            if entry.generation == generation {
                built.append(entry)
                return entry.index
            }
        }
        let index = FoldedNameIndex(folded: try store.invited.allFolded(conference: conference))
        built.append((conference, generation, index))
        if built.count > Self.capacity { built.removeFirst() }
        return index
    }
}

extension QueryReader {
    /// FIND: the invited of the conference whose name matches, at most 50 listed.
    func find(_ query: String, conference named: String?, echo: [RequestLine.Field], store: AttendanceStore) throws -> Reply {
        // Read before the rows: an import committed after this read is seen next time.
        let generation = writer.invitedGeneration.value
        guard let conference = try named ?? store.conferences.openOnes().last?.id else {
            throw ProtocolError(.noConference, "no conference is open; give conf=")
        }
        let found = try findIndexes.index(conference, generation: generation, store: store).search(query, limit: 50)
        // One match a line: id, name, unit, category, tab-separated, at most 50.
        let body = found.first.map { "\($0.id)\t\($0.fullName)\t\($0.unit)\t\($0.category.rawValue)\n" }.joined()
        return .ok(echo + [.init("conf", conference), .init("matches", String(found.count))], payload: Array(body.utf8))
    }
}
