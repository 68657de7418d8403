import Foundation
import Glibc

/// What the attacker threads share: the connections they hold open (bounded: the oldest goes
/// when a new one would pass `capacity`), the good terminal's signed lines they captured to
/// replay (bounded too), how often each attack ran, and the stop flag.
///
/// `@unchecked Sendable`: every field is behind `lock`.
public final class AttackBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var held: [Int32] = []
    private var captured: [String] = []
    private var rounds: [String: Int] = [:]
    private var stopped = false
    public let capacity: Int
    /// Captured lines kept for replay.
    public static let capturedLimit = 256

    public init(capacity: Int) { self.capacity = capacity }

    public var isStopped: Bool { lock.withLock { stopped } }

    public func stop() { lock.withLock { stopped = true } }

    /// Keeps `fd` open until the end (or until newer ones push it out, closed by reset or FIN).
    public func hold(_ fd: Int32) {
        let dropped: Int32? = lock.withLock {
            held.append(fd)
            return held.count > capacity ? held.removeFirst() : nil
        }
        if let dropped {
            if dropped % 2 == 0 { SoakSocket.reset(dropped) } else { close(dropped) }
        }
    }

    /// How many connections are held now.
    public var heldCount: Int { lock.withLock { held.count } }

    /// Closes every held connection.
    public func releaseAll() {
        let all = lock.withLock {
            defer { held.removeAll() }
            return held
        }
        all.forEach { close($0) }
    }

    /// The good terminal's line as an eavesdropper on the LAN saw it.
    public func capture(_ line: String) {
        lock.withLock {
            if captured.count >= Self.capturedLimit { captured.removeFirst() }
            captured.append(line)
        }
    }

    /// One captured line, chosen by `pick`; nil before the good terminal sent any.
    public func capturedLine(_ pick: Int) -> String? {
        lock.withLock { captured.isEmpty ? nil : captured[pick % captured.count] }
    }

    public func count(_ attack: Attack) {
        lock.withLock { rounds[attack.rawValue, default: 0] += 1 }
    }

    /// Rounds run per attack.
    public var counts: [String: Int] { lock.withLock { rounds } }
}

