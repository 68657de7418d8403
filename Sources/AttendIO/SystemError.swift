import Glibc

/// A failed system call: which call, on what, and errno's text.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    public let call: String
    public let errno: Int32
    public let detail: String

    public init(_ call: String, errno: Int32 = Glibc.errno, detail: String = "") {
        self.call = call
        self.errno = errno
        self.detail = detail
    }

    public var description: String {
        let text = String(cString: strerror(errno))
        return detail.isEmpty ? "\(call): \(text)" : "\(call) \(detail): \(text)"
    }
}

/// Runs a system call again while it fails with EINTR; throws on other failures.
@discardableResult
func retryingInterrupts(_ call: String, detail: String = "", _ body: () -> Int) throws(SystemError) -> Int {
    while true {
        let result = body()
        if result >= 0 { return result }
        if errno == EINTR { continue }
        throw SystemError(call, detail: detail)
    }
}
