/// One request line split into its verb and fields, before any meaning is given to them.
public struct RequestLine: Equatable, Sendable {
    /// The verb, upper-cased (`CHECKIN`).
    public var verb: String
    /// The fields in the order they were sent; keys are unique.
    public var fields: [Field]

    /// One `key=value` pair.
    public struct Field: Equatable, Sendable {
        public var key: String
        public var value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(verb: String, fields: [Field] = []) {
        self.verb = verb
        self.fields = fields
    }

    /// The value of `key`, if the line carries it.
    public subscript(key: String) -> String? {
        for field in fields where field.key == key { return field.value }
        return nil
    }
}

extension RequestLine {
    /// The line as it is sent, without its LF (`LineEncoder.encode` has it).
    public var text: String { String(decoding: LineEncoder.encode(self).dropLast(), as: UTF8.self) }
}
