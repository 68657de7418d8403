/// Why a zip file (or one of its entries) was refused, said so that a clerk knows what to do.
public struct ZipError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// Not a zip at all, or its directory is broken or contradicts itself.
        case malformed
        /// A zip feature attendd does not read: zip64, encryption, several disks, a method other than 0 and 8.
        case unsupported
        /// Past a stated bound: the inflated total, the ratio, the entry count.
        case tooLarge
        /// An entry's data is not what its header says (size or CRC-32).
        case corrupt
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// A zip file read from memory (APPNOTE.TXT): its central directory at once, its entries on demand.
///
/// The central directory is trusted for the entry list, and each entry's local header must agree
/// with it (name, method, and the sizes and CRC unless a data descriptor follows). Entries are
/// stored (method 0) or deflated (method 8). Every entry read is bounded before it is inflated:
/// its claimed size must fit what is left of `Limits.maxInflatedBytes`, and past 1 MiB it may not
/// claim more than `Limits.maxRatio` times its compressed size; the inflater stops the moment the
/// output passes the claim, and the result must have exactly the claimed size and CRC-32. A zip
/// bomb therefore costs at most the claimed size, which is at most 64 MiB, and is refused with the
/// entry's name. Zip64, encryption and archives on several disks are refused, saying which.
public struct ZipArchive: Sendable {
    /// The stated bounds; the defaults are what an invited list or a district's plan could need many times over.
    public struct Limits: Equatable, Sendable {
        /// All entries read, inflated, together: 64 MiB.
        public var maxInflatedBytes = 64 << 20
        /// Inflated to compressed, for entries over 1 MiB inflated: 100.
        public var maxRatio = 100
        /// Entries in the directory: 10,000 (an xlsx has about ten).
        public var maxEntries = 10_000

        public init(maxInflatedBytes: Int = 64 << 20, maxRatio: Int = 100, maxEntries: Int = 10_000) {
            self.maxInflatedBytes = maxInflatedBytes
            self.maxRatio = maxRatio
            self.maxEntries = maxEntries
        }
    }

    /// One entry as the central directory describes it.
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var method: Int
        public var flags: Int
        public var crc: UInt32
        public var compressedSize: Int
        public var size: Int
        public var localHeaderOffset: Int
    }

    public let bytes: [UInt8]
    public let limits: Limits
    /// The entries in directory order.
    public let entries: [Entry]
    /// What is left of `limits.maxInflatedBytes` for further reads.
    public private(set) var inflatedBudget: Int

    /// Reads the directory of the zip file `bytes`.
    public init(_ bytes: [UInt8], limits: Limits = Limits()) throws(ZipError) {
        self.bytes = bytes
        self.limits = limits
        self.inflatedBudget = limits.maxInflatedBytes
        self.entries = try ZipDirectory.read(bytes, limits: limits)
    }

    /// The entry named `name`, if the archive has one (names compare exactly, as zip stores them).
    public func entry(_ name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    /// The inflated contents of the entry `name`, or nil when there is none; checked and counted against the budget.
    public mutating func read(_ name: String) throws(ZipError) -> [UInt8]? {
        guard let entry = entry(name) else { return nil }
        return try read(entry)
    }

    /// The inflated contents of `entry`.
    public mutating func read(_ entry: Entry) throws(ZipError) -> [UInt8] {
        guard entry.size <= inflatedBudget else {
            throw ZipError(.tooLarge, "\(entry.name) claims \(entry.size) bytes inflated; with what was read before it, "
                           + "that passes the limit of \(limits.maxInflatedBytes) bytes (\(limits.maxInflatedBytes >> 20) MiB)")
        }
        if entry.size > 1 << 20, entry.size > entry.compressedSize * limits.maxRatio {
            throw ZipError(.tooLarge, "\(entry.name) claims \(entry.size) bytes from \(entry.compressedSize) compressed, "
                           + "more than \(limits.maxRatio) to 1: refused as a zip bomb")
        }
        let start = try ZipDirectory.dataStart(of: entry, in: bytes)
        let data = bytes[start..<(start + entry.compressedSize)]
        let contents: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else {
                throw ZipError(.corrupt, "\(entry.name) is stored, yet claims \(entry.compressedSize) bytes stored and \(entry.size) bytes long")
            }
            contents = Array(data)
        case 8:
            do {
                contents = try Inflate.decode(Array(data), maxOutput: entry.size, expectedSize: entry.size)
            } catch where error.kind == .outputTooLarge {
                throw ZipError(.corrupt, "\(entry.name) holds more than the \(entry.size) bytes its header claims: refused")
            } catch {
                throw ZipError(.corrupt, "\(entry.name) is damaged: \(error.message)")
            }
        default:
            throw ZipError(.unsupported, "\(entry.name) is compressed with method \(entry.method); attendd reads stored (0) and deflated (8) entries")
        }
        guard contents.count == entry.size else {
            throw ZipError(.corrupt, "\(entry.name) holds \(contents.count) bytes but its header claims \(entry.size): refused")
        }
        let crc = CRC32.checksum(contents)
        guard crc == entry.crc else {
            throw ZipError(.corrupt, "\(entry.name) fails its CRC-32 check (\(hex32(crc)), the header says \(hex32(entry.crc))): the file is damaged")
        }
        inflatedBudget -= contents.count
        return contents
    }
}

func hex32(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
