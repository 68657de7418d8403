/// An IPv4 address range in CIDR form (`192.168.1.0/24`), for `[terminals] from`.
///
/// Addresses are host-order `UInt32`s (`10.0.0.1` is `0x0A000001`). A bare address is a /32.
public struct IPv4Range: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The first address of the range (host bits zero).
    public let base: UInt32
    /// The number of leading bits that must match, 0 to 32.
    public let prefixLength: Int

    public init(base: UInt32, prefixLength: Int) {
        precondition((0...32).contains(prefixLength), "prefix length out of range")
        self.prefixLength = prefixLength
        self.base = base & IPv4Range.mask(prefixLength)
    }

    /// Whether `address` (host order) is inside the range.
    public func contains(_ address: UInt32) -> Bool {
        address & IPv4Range.mask(prefixLength) == base
    }

    /// `10.0.0.0/8`.
    public var description: String { "\(IPv4Range.dotted(base))/\(prefixLength)" }

    /// Parses `A.B.C.D/N` or `A.B.C.D`; the error names what is wrong. Host bits set below the
    /// prefix (`10.1.2.3/8`) are refused: such a range is usually a typo for a different one.
    public static func parse(_ text: String) -> Result<IPv4Range, IPv4RangeError> {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count <= 2 else { return .failure(IPv4RangeError("\"\(text)\" has more than one '/'")) }
        guard let address = parseAddress(pieces[0]) else {
            return .failure(IPv4RangeError("\"\(pieces[0])\" is not a dotted IPv4 address such as 192.168.1.0"))
        }
        var length = 32
        if pieces.count == 2 {
            let digits = pieces[1]
            guard (1...2).contains(digits.utf8.count), digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let number = Int(digits), number <= 32
            else {
                return .failure(IPv4RangeError("\"\(text)\": the prefix length after '/' must be 0 to 32"))
            }
            length = number
        }
        let range = IPv4Range(base: address, prefixLength: length)
        guard range.base == address else {
            return .failure(IPv4RangeError(
                "\"\(text)\" has bits set past its /\(length) prefix; did you mean \(range)?"))
        }
        return .success(range)
    }

    /// Parses a comma-separated list (`10.0.0.0/8, 192.168.1.0/24`); empty items are errors.
    public static func parseList(_ text: String) -> Result<[IPv4Range], IPv4RangeError> {
        var ranges: [IPv4Range] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = item.drop(while: { $0 == " " || $0 == "\t" })
            let word = String(trimmed.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
            guard !word.isEmpty else {
                return .failure(IPv4RangeError("has an empty item; separate ranges with single commas"))
            }
            switch parse(word) {
            case .success(let range): ranges.append(range)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(ranges)
    }

    /// The address `10.0.0.1` as a host-order number; nil unless four decimal parts 0–255
    /// without leading zeros.
    static func parseAddress<S: StringProtocol>(_ text: S) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  part == "0" || !part.hasPrefix("0"), let number = UInt32(part), number <= 255
            else { return nil }
            value = value << 8 | number
        }
        return value
    }

    /// `203.0.113.5:443` as its address and port; nil unless a strict dotted IPv4 address
    /// (`parseAddress`) and a port from 1 to 65535 in plain digits.
    public static func parseHostPort<S: StringProtocol>(_ text: S) -> (host: String, port: Int)? {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count == 2, parseAddress(pieces[0]) != nil, !pieces[1].isEmpty,
              pieces[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let port = Int(pieces[1]), (1...65535).contains(port)
        else { return nil }
        return (String(pieces[0]), port)
    }

    static func dotted(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 0xff).\(address >> 8 & 0xff).\(address & 0xff)"
    }

    private static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }
}

/// Why a CIDR range could not be read.
public struct IPv4RangeError: Error, Equatable, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
