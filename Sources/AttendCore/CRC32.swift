/// CRC-32 as zip (APPNOTE.TXT 4.4.7), gzip (RFC 1952 section 8) and PNG use it: the reflected
/// polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF.
///
/// Written here because attendd may use no compression package. Feed bytes in any number of
/// pieces with `update`; `value` is the checksum of everything fed so far.
///
///     var crc = CRC32()
///     crc.update(Array("123456789".utf8))
///     crc.value   // 0xCBF43926, the standard check value
public struct CRC32: Sendable, Equatable {
    /// One entry per byte value: the remainder of that byte shifted through the polynomial.
    private static let table: [UInt32] = (0..<256).map { byte in
        var remainder = UInt32(byte)
        for _ in 0..<8 {
            remainder = remainder & 1 == 1 ? (remainder >> 1) ^ 0xEDB8_8320 : remainder >> 1
        }
        return remainder
    }

    /// The running register, kept inverted as the algorithm defines it.
    private var register: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// Adds `bytes` to the checksum.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        var register = self.register
        let table = Self.table
        for byte in bytes {
            register = table[Int((register ^ UInt32(byte)) & 0xFF)] ^ (register >> 8)
        }
        self.register = register
    }

    /// The checksum of everything fed so far.
    public var value: UInt32 { register ^ 0xFFFF_FFFF }

    /// The checksum of `bytes` alone.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
