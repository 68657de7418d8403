/// A command-line mistake, printed with the usage text (by `attendd` and `attendctl` alike).
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
