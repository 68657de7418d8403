import Foundation

/// A thread running one closure, which the starter can wait for.
///
/// Every thread the benchmark starts is one of these, and every one ends by itself: its body
/// has a deadline of its own.
final class BackgroundThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    init(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [done] in
            body()
            done.signal()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for the body to return; false if it did not within `timeoutSeconds`.
    @discardableResult
    func join(timeoutSeconds: Double = 120) -> Bool {
        done.wait(timeout: .now() + timeoutSeconds) == .success
    }
}

/// A value set by one thread and read by another after a join.
final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    /// Changes the value under the lock: `box.value[key] = x` from several threads is a read
    /// and a write apart, and loses updates.
    func mutate(_ change: (inout Value) -> Void) {
        lock.withLock { change(&stored) }
    }
}
